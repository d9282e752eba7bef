import { readDataset, parseDatasetSpec, newReport } from '../datasets/index.js';
import type { DatasetItem, DatasetName, ImportReport } from '../datasets/types.js';
import { datasetProbeScores, type QuestionScores } from '../metrics/dataset-scores.js';
import type { ResultRow } from '../report/columns.js';
import type { Scenario } from '../scenario/schema.js';
import type { ManifestCell } from '../report/manifest.js';

/** A benchmark file read for a run: its items (one scenario each) and its import report. */
export interface DatasetSource {
  name: DatasetName;
  file: string;
  items: DatasetItem[];
  report: ImportReport;
}

/** Reads every `--dataset <name>:<path>`; bad files throw DATASET_INVALID before anything runs. */
export async function loadDatasets(specs: readonly string[]): Promise<DatasetSource[]> {
  const out: DatasetSource[] = [];
  for (const spec of specs) {
    const { name, file } = parseDatasetSpec(spec);
    const report = newReport(name, file);
    const items: DatasetItem[] = [];
    for await (const item of readDataset(name, file, report)) items.push(item);
    out.push({ name, file, items, report });
  }
  return out;
}

/**
 * Each benchmark probe scored by its dataset's official metrics (recall@k for every k of the
 * sweep from one ranking, LoCoMo F1, judge accuracy), one entry per probe per cell in matrix
 * order; `aggregateMetricRows` averages them per category into metrics.csv. Errored probes are
 * left out (results.csv reports them).
 */
export function datasetQuestionScores(scored: readonly { cell: ManifestCell; rows: readonly ResultRow[] }[], items: ReadonlyMap<Scenario, DatasetItem>, ks: readonly number[]): QuestionScores[] {
  const out: QuestionScores[] = [];
  for (const { cell, rows } of scored) {
    const item = items.get(cell.spec.scenario);
    if (!item) continue;
    const where = { cell: cell.spec.index, dataset: item.dataset, strategy: cell.spec.strategy.label, model: cell.spec.model.id, budgetTokens: cell.spec.budgetTokens, scenario: cell.spec.scenario.id };
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
  }
  return out;
}
