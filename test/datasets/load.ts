import { readLocomo } from '../../src/datasets/locomo.js';
import { readLongMemEval } from '../../src/datasets/longmemeval.js';
import { newReport, type DatasetItem, type DatasetName, type ImportReport } from '../../src/datasets/types.js';

export const FIXTURES = new URL('../fixtures/datasets/', import.meta.url).pathname;

/** Reads a whole dataset file (small fixtures only) with its import report. */
export async function loadAll(
  dataset: DatasetName,
  file: string,
): Promise<{ items: DatasetItem[]; report: ImportReport }> {
  const report = newReport(dataset, file);
  const items: DatasetItem[] = [];
  const read = dataset === 'locomo' ? readLocomo : readLongMemEval;
  for await (const item of read(file, report)) items.push(item);
  return { items, report };
}
