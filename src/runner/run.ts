import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { METRIC_COLUMNS, RESULT_COLUMNS, SUMMARY_COLUMNS, type ResultRow, type SummaryRow } from '../report/columns.js';
import { toCsv } from '../report/csv.js';
import { writeFileAtomic } from '../report/files.js';
import { buildManifest, gitState, readPackageJson } from '../report/manifest.js';
import { writeReportHtml } from '../report/html.js';
import { readRunDir } from '../report/read.js';
import { summarize } from '../report/summary.js';
import { mapPool } from '../util/pool.js';
import { runCell, type CellSpec } from './cell.js';
import { finishCell, Journal, type FinishedCell } from './journal.js';
import { planRun, type PlannedCell, type RunOptions } from './plan.js';
import { prepareRunDir, runFolderName } from './resume.js';
import { NO_SPEND, SpendLog } from './spend-log.js';
import { writingTo } from '../util/fs-errors.js';
import { makeScratchDir } from './scratch.js';
import { holdExitWatch } from './strategy-guard.js';
import { scoreCell } from './score.js';
import { cellQuestionScores } from './datasets.js';
import { DatasetItemLoader, type LoadedItem } from './dataset-items.js';
import { aggregateMetricRows, type MetricRow, type QuestionScores } from '../metrics/dataset-scores.js';
import { QUESTION_SCORES_FILE, questionScoresJsonl } from '../report/question-scores.js';

export type { RunOptions } from './plan.js';

export interface RunResult {
  /** Hash of the run's inputs; see RunPlan.runId. */
  runId: string;
  /** One per probe × strategy × model × budget (× `--price-as` model), in matrix order. */
  rows: ResultRow[];
  /** One per strategy × model × budget × priced_as. */
  summary: SummaryRow[];
  /** `<outDir>/<runId>`, or null when `outDir` is null. */
  runDir: string | null;
  /** The content of run.json. */
  manifest: Record<string, unknown>;
  /** Benchmark metrics per category (metrics.csv); empty without `datasets`. */
  metrics: MetricRow[];
  /** The most benchmark items held in memory at once (at most one per cell in flight); 0 without `datasets`. */
  peakDatasetItems: number;
}

/** Report folder name used when `outDir` is not given. */
export const DEFAULT_OUT_DIR = 'reports';

/**
 * Runs the matrix scenarios × strategies × models × budgets and writes
 * `<outDir>/<runId>/{results.csv,summary.csv,run.json}`.
 *
 * Every input is validated before anything runs or is written: bad input throws a MemevalError
 * (exit 2) and leaves no folder behind. Each cell replays its scenario in its own fresh SQLite
 * file; cells run `concurrency` at a time and rows come out in matrix order whatever order cells
 * finish in. A probe that fails becomes a row with `error` set; it never stops the run.
 * Benchmark items are read from their files as their cells come due and dropped when those cells
 * are done, so memory follows the cells in flight, not the size of the benchmark.
 */
export async function runMatrix(options: RunOptions = {}): Promise<RunResult> {
  // From the first strategy call to the last file written, a strategy's process.exit is caught.
  const release = holdExitWatch();
  try {
    return await runHeld(options);
  } finally {
    release();
  }
}

async function runHeld(options: RunOptions): Promise<RunResult> {
  const started = performance.now();
  const pkg = readPackageJson();
  const git = gitState();
  const plan = await planRun(options, { version: pkg.version, commit: git?.commit ?? null });
  const { runId } = plan;

  const outDir = options.outDir === undefined ? DEFAULT_OUT_DIR : options.outDir;
  const runDir = outDir === null ? null : resolve(outDir, runFolderName(runId, plan.shard));
  // A file in the way, a read-only or full disk: one line naming --out, not a raw ENOTDIR/EROFS/ENOSPC.
  const toOut = <T>(fn: () => T): T => writingTo(`--out ${outDir}`, fn);
  if (runDir) toOut(() => prepareRunDir(runDir, runId, options));
  options.onStart?.({ runId, runDir, cells: plan.cells.length });
  // Finished cells go to the journal one by one, so a killed run can be resumed where it stopped.
  const journal = runDir
    ? toOut(() =>
        options.resume !== undefined ? Journal.resume(runDir, runId, plan.cells) : Journal.start(runDir, runId),
      )
    : null;
  // Spend and cache counts go to disk as they happen, so the cap and run.json span every process of the run.
  const spend = runDir
    ? toOut(() =>
        options.resume !== undefined
          ? SpendLog.resume(runDir, runId)
          : { log: SpendLog.start(runDir, runId), totals: NO_SPEND },
      )
    : null;
  if (spend) plan.modelSetup.persist(spend.log, spend.totals);

  const dbDir = makeScratchDir();
  const items = new DatasetItemLoader(
    plan.datasets,
    plan.cells.flatMap((c) => ('item' in c.scenario ? [c.scenario.item] : [])),
    plan.seed,
  );
  let scored: (FinishedCell & { questions: QuestionScores[] })[];
  try {
    let done = 0;
    // Scoring inside the pool lets judges that call a model (claude:<model>) overlap too.
    scored = await mapPool(plan.cells, plan.concurrency, async (planned) => {
      const item = 'item' in planned.scenario ? await items.acquire(planned.scenario.item) : null;
      try {
        const spec = cellSpec(planned, item);
        let finished = journal?.done.get(spec.index);
        if (!finished) {
          const cell = await runCell(spec, {
            deps: plan.deps,
            dbDir,
            keepDb: options.keepDb ?? false,
            tokenCount: plan.tokenCount,
            strategyTimeoutMs: plan.strategyTimeoutMs,
          });
          const rows = await scoreCell(cell, { runId, runJudge: plan.judge, priceAs: plan.priceAs });
          const dbFile =
            runDir && cell.dbFile ? toOut(() => keepDatabase(cell.dbFile!, join(runDir, 'db'))) : cell.dbFile;
          toOut(() => journal?.append(cell, rows, dbFile));
          // Kept light: what run.json and metrics need, not the turns or the scenario.
          finished = finishCell(planned, cell, rows, dbFile);
        }
        // Scored while the item is at hand: it is dropped once its cells are done.
        const questions = item ? cellQuestionScores(finished.cell, finished.rows, item.item, plan.topK) : [];
        options.onProgress?.({ done: ++done, total: plan.cells.length, cell: spec });
        return { ...finished, questions };
      } finally {
        if ('item' in planned.scenario) items.release(planned.scenario.item);
      }
    });
  } finally {
    journal?.close();
    spend?.log.close();
    await items.close();
    if (!options.keepDb || runDir) rmSync(dbDir, { recursive: true, force: true });
  }
  const rows = scored.flatMap((s) => s.rows);
  const summary = summarize(rows);
  const questionScores = scored.flatMap((s) => s.questions);
  const metrics = aggregateMetricRows(questionScores);
  const dbFiles = scored.map((s) => s.dbFile);

  const manifest = buildManifest({
    runId,
    options,
    plan,
    cells: scored,
    runDir,
    dbFiles,
    elapsedMs: performance.now() - started,
    git,
  });
  if (plan.datasets.length > 0) {
    // What each benchmark import repaired or skipped, so the numbers can be read with that in mind.
    manifest.datasets = plan.datasets.map((d) => ({ name: d.name, file: d.file, import: d.report }));
    manifest.top_k = plan.topK;
  }
  if (runDir) toOut(() => writeRunFiles(runDir));
  return { runId, rows, summary, runDir, manifest, metrics, peakDatasetItems: items.peakLiveItems };

  function writeRunFiles(runDir: string): void {
    writeFileAtomic(join(runDir, 'results.csv'), toCsv(RESULT_COLUMNS, rows));
    writeFileAtomic(join(runDir, 'summary.csv'), toCsv(SUMMARY_COLUMNS, summary));
    if (metrics.length > 0) writeFileAtomic(join(runDir, 'metrics.csv'), toCsv(METRIC_COLUMNS, metrics));
    // Written for every benchmark run, even a shard that drew no benchmark cell, so merge can tell
    // "no questions" from "file missing".
    if (plan.datasets.length > 0)
      writeFileAtomic(join(runDir, QUESTION_SCORES_FILE), questionScoresJsonl(questionScores));
    writeFileAtomic(join(runDir, 'run.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    // Read back through the report reader: the page is drawn from exactly what the files say.
    writeReportHtml(readRunDir(runDir));
  }
}

/** The cell with its scenario's content: held by the plan, or the benchmark item read for it. */
function cellSpec(planned: PlannedCell, item: LoadedItem | null): CellSpec {
  const { scenario } = planned;
  if ('loaded' in scenario) return { ...planned, ...scenario.loaded };
  if (!item) throw new Error(`cell ${planned.index}: benchmark item ${scenario.id} was not read`);
  return { ...planned, scenario: item.item.scenario, timeline: item.timeline };
}

/** Copies a kept cell database into the run folder (the scratch folder may be on another disk). */
function keepDatabase(file: string, dir: string): string | null {
  if (!existsSync(file)) return null;
  mkdirSync(dir, { recursive: true });
  const target = join(dir, basename(file));
  copyFileSync(file, target);
  return target;
}
