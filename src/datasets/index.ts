import { MemevalError } from '../errors.js';
import { readLocomo } from './locomo.js';
import { readLongMemEval } from './longmemeval.js';
import { DATASET_NAMES, newReport, type DatasetItem, type DatasetName, type ImportReport } from './types.js';

type Reader = (file: string, report?: ImportReport) => AsyncGenerator<DatasetItem>;

/** Benchmark readers by name; adding a dataset is one file in this folder plus one line here. */
export const DATASETS: Record<DatasetName, Reader> = {
  locomo: readLocomo,
  longmemeval: readLongMemEval,
};

/** `locomo:<path>` or `longmemeval:<path>` → name and file. */
export function parseDatasetSpec(spec: string): { name: DatasetName; file: string } {
  const colon = spec.indexOf(':');
  const name = colon > 0 ? spec.slice(0, colon) : '';
  const file = colon > 0 ? spec.slice(colon + 1) : '';
  if (!(DATASET_NAMES as readonly string[]).includes(name) || file.length === 0) {
    throw new MemevalError(
      'USAGE',
      `--dataset takes <name>:<path> with name one of ${DATASET_NAMES.join(', ')} (got ${JSON.stringify(spec)})`,
    );
  }
  return { name: name as DatasetName, file };
}

/** Streams a dataset's items; `report` fills as they are read and is complete at the end. */
export function readDataset(
  name: DatasetName,
  file: string,
  report: ImportReport = newReport(name, file),
): AsyncGenerator<DatasetItem> {
  return DATASETS[name](file, report);
}

export { newReport };
export type { DatasetItem, DatasetName, ImportReport };
