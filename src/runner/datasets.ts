import { readDataset, parseDatasetSpec, newReport } from '../datasets/index.js';
import type { DatasetItem, DatasetName, ImportReport } from '../datasets/types.js';
import { datasetProbeScores, type QuestionScores } from '../metrics/dataset-scores.js';
import type { ResultRow } from '../report/columns.js';
import type { ManifestCell } from '../report/manifest.js';

/** A benchmark file of a run and its import report (from the planning pass). Its items are not kept. */
export interface DatasetSource {
  name: DatasetName;
  file: string;
  report: ImportReport;
}

/** Where a benchmark item sits: its file among the run's datasets and its element in that file. */
export interface DatasetItemRef {
  source: number;
  index: number;
  /** Its scenario id, checked when the item is read again for its cells. */
  id: string;
}

/**
 * Streams every `--dataset <name>:<path>` once, handing each item to `visit` and keeping none, so
 * bad files throw DATASET_INVALID before anything runs and a run plans without holding the file.
 */
export async function scanDatasets(
  specs: readonly string[],
  visit: (item: DatasetItem, ref: DatasetItemRef, source: DatasetSource) => void,
): Promise<DatasetSource[]> {
  const out = specs.map((spec) => {
    const { name, file } = parseDatasetSpec(spec);
    return { name, file, report: newReport(name, file) };
  });
  for (const [source, d] of out.entries()) {
    let index = 0;
    for await (const item of readDataset(d.name, d.file, d.report)) {
      visit(item, { source, index, id: item.scenario.id }, d);
      index++;
    }
  }
  return out;
}

/**
 * A cell's probes scored by its dataset's official metrics (recall@k for every k of the sweep from
 * one ranking, LoCoMo F1, judge accuracy), one entry per probe; `aggregateMetricRows` averages
 * them per category into metrics.csv. Errored probes are left out (results.csv reports them).
 */
export function cellQuestionScores(
  cell: ManifestCell,
  rows: readonly ResultRow[],
  item: DatasetItem,
  ks: readonly number[],
): QuestionScores[] {
  const out: QuestionScores[] = [];
  const where = {
    cell: cell.spec.index,
    dataset: item.dataset,
    strategy: cell.spec.strategy.label,
    model: cell.spec.model.id,
    budgetTokens: cell.spec.budgetTokens,
    scenario: cell.spec.scenario.id,
  };
  const rowByProbe = new Map<string, ResultRow>();
  for (const r of rows) if (!rowByProbe.has(String(r.probe_id))) rowByProbe.set(String(r.probe_id), r);
  for (const outcome of cell.outcomes) {
    if (outcome.status !== 'ok') continue;
    const probe = item.probes.find((p) => p.probeId === outcome.probe.id);
    const row = rowByProbe.get(outcome.probe.id);
    if (!probe || !row) continue;
    const scores = datasetProbeScores(
      {
        item,
        probe,
        rankedTurnIds: outcome.rankedTurnIds,
        contextTurnIds: outcome.contextTurnIds,
        answer: outcome.turn.reply.text,
        correct: row.error === null ? row.correct === true : null,
      },
      ks,
    );
    out.push({ ...where, probe: outcome.probe.id, ...scores });
  }
  return out;
}
