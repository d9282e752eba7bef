import { mkdirSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { MemevalError } from '../errors.js';
import { aggregateMetricRows, type MetricRow, type QuestionScores } from '../metrics/dataset-scores.js';
import { METRIC_COLUMNS, RESULT_COLUMNS, SUMMARY_COLUMNS, type ResultRow, type SummaryRow } from './columns.js';
import { toCsv } from './csv.js';
import { writeFileAtomic } from './files.js';
import { readRunDir, type RunFiles, type RunManifest } from './read.js';
import { mergeProviderSections, type ProviderSection } from './providers-merge.js';
import { QUESTION_SCORES_FILE, questionScoresJsonl, readQuestionScores } from './question-scores.js';
import { summarize } from './summary.js';

type ManifestCell = RunManifest['cells'][number];

/** A cell's identity inside one run: the columns of results.csv that name it. */
function cellKey(scenario: unknown, strategy: unknown, model: unknown, budgetTokens: unknown): string {
  return JSON.stringify([scenario, strategy, model, Number(budgetTokens)]);
}

export interface MergedRun {
  results: ResultRow[];
  summary: SummaryRow[];
  manifest: Record<string, unknown>;
  /** Benchmark runs: every question's scores in matrix order, and metrics.csv averaged from them. */
  questionScores: QuestionScores[];
  metrics: MetricRow[];
}

/**
 * Combines the shards of one run (`memeval run --shard k/n`, every k of one n) into the run an
 * unsharded `memeval run` would have written: results in matrix order, the summary recomputed
 * from the merged results by the runner's own summarize, metrics.csv (benchmark runs) averaged
 * again from the shards' per-question scores by the runner's own aggregateMetricRows, run.json
 * with every cell. Refuses
 * (fails closed) on shards of different runs, a missing or repeated shard, or rows that belong to
 * no cell of their shard.
 */
export function mergeShards(runs: readonly RunFiles[]): MergedRun {
  if (runs.length === 0) throw new MemevalError('USAGE', 'merge: name the shard run folders to merge');
  for (const run of runs) {
    if (!run.manifest.shard)
      throw new MemevalError(
        'BAD_INPUT',
        `${run.dir}/run.json: not a shard (no "shard" field; written by \`memeval run --shard k/n\`)`,
      );
    if (run.manifest.cells.some((c) => c.index === undefined))
      throw new MemevalError('BAD_INPUT', `${run.dir}/run.json: cells carry no matrix index`);
  }
  const first = runs[0].manifest;
  const n = first.shard!.n;
  for (const run of runs) {
    if (run.manifest.runId !== first.runId)
      throw new MemevalError(
        'BAD_INPUT',
        `merge: ${run.dir} is run ${run.manifest.runId}, ${runs[0].dir} is run ${first.runId}; shards of one run share its inputs and id`,
      );
    if (run.manifest.shard!.n !== n)
      throw new MemevalError(
        'BAD_INPUT',
        `merge: ${run.dir} is shard ${run.manifest.shard!.k}/${run.manifest.shard!.n}, expected n = ${n}`,
      );
  }
  const ks = runs.map((r) => r.manifest.shard!.k);
  const repeated = ks.filter((k, i) => ks.indexOf(k) !== i);
  if (repeated.length > 0) throw new MemevalError('BAD_INPUT', `merge: shard ${repeated[0]}/${n} given more than once`);
  const missing = Array.from({ length: n }, (_, i) => i + 1).filter((k) => !ks.includes(k));
  if (missing.length > 0)
    throw new MemevalError(
      'BAD_INPUT',
      `merge: shard(s) ${missing.map((k) => `${k}/${n}`).join(', ')} missing; a partial merge would hide cells from check`,
    );

  const cells: { cell: ManifestCell; rows: ResultRow[] }[] = [];
  for (const run of runs) {
    const byKey = new Map<string, { cell: ManifestCell; rows: ResultRow[] }>();
    for (const cell of run.manifest.cells) {
      const entry = { cell, rows: [] as ResultRow[] };
      byKey.set(cellKey(cell.scenario, cell.strategy, cell.model.id, cell.budgetTokens), entry);
      cells.push(entry);
    }
    // Rows keep their order inside a cell (probe order, then priced_as), as the runner wrote them.
    run.results.forEach((row, i) => {
      const entry = byKey.get(cellKey(row.scenario_id, row.strategy, row.model, row.budget_tokens));
      if (!entry)
        throw new MemevalError(
          'BAD_INPUT',
          `${run.dir}/results.csv: record ${i + 2} (${row.scenario_id}/${row.probe_id}, ${row.strategy}, ${row.model}, budget ${row.budget_tokens}) belongs to no cell of its run.json`,
        );
      entry.rows.push(row);
    });
  }
  cells.sort((a, b) => a.cell.index! - b.cell.index!);
  const indexes = cells.map((c) => c.cell.index!);
  const total = first.shard!.totalCells;
  if (indexes.some((ix, i) => ix !== i) || indexes.length !== total) {
    throw new MemevalError(
      'BAD_INPUT',
      `merge: the shards hold cells ${indexes.join(',')} of a ${total}-cell matrix; expected each of 0..${total - 1} once`,
    );
  }

  const results = cells.flatMap((c) => c.rows);
  const errors = results.filter((r) => r.error !== null).length;
  const { shard: _shard, ...rest } = first;
  const manifest: Record<string, unknown> = {
    ...rest,
    createdAt: new Date().toISOString(),
    cells: cells.map((c) => c.cell),
    ...(first.providers
      ? { providers: mergeProviderSections(runs.map((r) => r.manifest.providers as ProviderSection | undefined)) }
      : {}),
    totals: {
      cells: cells.length,
      probes: results.length,
      errors,
      elapsedMs: Math.max(
        ...runs.map((r) => Number((r.manifest.totals as { elapsedMs?: number } | undefined)?.elapsedMs ?? 0)),
      ),
    },
    mergedFrom: runs
      .map((r) => ({
        dir: resolve(r.dir),
        shard: `${r.manifest.shard!.k}/${n}`,
        ...(r.manifest.shard!.from ? { shardFrom: r.manifest.shard!.from } : {}),
        createdAt: r.manifest.createdAt,
        git: r.manifest.git ?? null,
        platform: r.manifest.platform ?? null,
      }))
      .sort((a, b) => a.shard.localeCompare(b.shard, 'en', { numeric: true })),
  };
  const questionScores = first.datasets === undefined ? [] : mergeQuestionScores(runs);
  return {
    results,
    summary: summarize(results),
    manifest,
    questionScores,
    metrics: aggregateMetricRows(questionScores),
  };
}

/** Every shard's question scores in matrix order (file order within a cell); each must belong to a cell of its shard. */
function mergeQuestionScores(runs: readonly RunFiles[]): QuestionScores[] {
  const all = runs.flatMap((run) => {
    const own = new Set(run.manifest.cells.map((c) => c.index));
    const scores = readQuestionScores(join(run.dir, QUESTION_SCORES_FILE));
    const stray = scores.find((q) => !own.has(q.cell));
    if (stray)
      throw new MemevalError(
        'BAD_INPUT',
        `${join(run.dir, QUESTION_SCORES_FILE)}: question ${stray.scenario}/${stray.probe} is of cell ${stray.cell}, not a cell of this shard's run.json`,
      );
    return scores;
  });
  // Array.prototype.sort is stable: within a cell the probes keep the order the runner wrote.
  return all.sort((a, b) => a.cell - b.cell);
}

/** Merges shard run folders into `outDir` (results.csv, summary.csv, run.json, and for benchmarks metrics.csv and question-scores.jsonl; each temp file + rename). */
export function mergeShardDirs(dirs: readonly string[], outDir: string): MergedRun {
  const merged = mergeShards(dirs.map(readRunDir));
  mkdirSync(outDir, { recursive: true });
  merged.manifest.options = { ...(merged.manifest.options as object), out: resolve(outDir) };
  writeFileAtomic(join(outDir, 'results.csv'), toCsv(RESULT_COLUMNS, merged.results));
  writeFileAtomic(join(outDir, 'summary.csv'), toCsv(SUMMARY_COLUMNS, merged.summary));
  if (merged.manifest.datasets !== undefined)
    writeFileAtomic(join(outDir, QUESTION_SCORES_FILE), questionScoresJsonl(merged.questionScores));
  if (merged.metrics.length > 0) writeFileAtomic(join(outDir, 'metrics.csv'), toCsv(METRIC_COLUMNS, merged.metrics));
  writeFileAtomic(join(outDir, 'run.json'), `${JSON.stringify(merged.manifest, null, 2)}\n`);
  return merged;
}
