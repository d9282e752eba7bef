import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { ERROR_EXIT_CODES, MemevalError } from '../../errors.js';
import { formatModelComparison } from '../../report/models-table.js';
import { formatMetricsTable, formatSummaryTable } from '../../report/table.js';
import { DEFAULT_BUDGET_TOKENS, DEFAULT_CONCURRENCY } from '../../runner/plan.js';
import { DEFAULT_OUT_DIR, runEval, type RunOptions } from '../../runner/run.js';
import { resumeOptions } from '../../runner/resume.js';
import { parseShard } from '../../runner/shard.js';
import { splitSpecList } from '../../strategy/spec.js';
import { commaList } from '../options.js';
import { CLAUDE_OPTIONS, resolveClaudeOptions, type ClaudeArgs } from '../claude-options.js';

type ProgressEvent = Parameters<NonNullable<RunOptions['onProgress']>>[0];

interface RunArgs extends ClaudeArgs {
  summarizer: string;
  strategy: string[];
  model: string[];
  scenario?: string[];
  tag?: string[];
  limit?: number;
  budget?: string[];
  embedder?: string;
  'model-dir'?: string;
  judge: string;
  j: number;
  out: string;
  seed?: number;
  'price-as'?: string[];
  'keep-db': boolean;
  shard?: string;
  dataset?: string[];
  'top-k'?: string[];
  resume?: string;
  exitCode?: number;
}

function parseTopK(values: readonly (string | number)[] | undefined): number[] | undefined {
  const list = commaList(values);
  if (list.length === 0) return undefined;
  return list.map((v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) throw new MemevalError('USAGE', `--top-k must be positive whole numbers (got ${v})`);
    return n;
  });
}

function parseBudgets(values: readonly (string | number)[] | undefined): number[] | undefined {
  const list = commaList(values);
  if (list.length === 0) return undefined;
  return list.map((v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) throw new MemevalError('USAGE', `--budget must be positive whole numbers (got ${v})`);
    return n;
  });
}

/** A one-line progress counter, redrawn in place; only on a terminal so logs and pipes stay clean. */
function progressReporter(): { update: (done: number, total: number, label: string) => void; clear: () => void } {
  if (!process.stderr.isTTY) return { update: () => {}, clear: () => {} };
  let shown = false;
  return {
    update(done, total, label) {
      const width = 24;
      const filled = Math.round((done / total) * width);
      const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${label}`;
      process.stderr.write(`\r\x1b[2K${line.slice(0, (process.stderr.columns ?? 100) - 1)}`);
      shown = true;
    },
    clear: () => shown && process.stderr.write('\r\x1b[2K'),
  };
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run',
  describe: 'Run scenarios × strategies × models × budgets; write results.csv, summary.csv and run.json',
  builder: (y: Argv) =>
    y
      .option('strategy', { type: 'string', array: true, default: ['all'], describe: 'Strategy specs: name or name:key=value,… or a file path; comma-separated or repeated; all = every built-in' })
      .option('model', { type: 'string', array: true, default: ['offline'], describe: 'Reader models: offline or Claude model ids, comma-separated' })
      .option('scenario', { type: 'string', array: true, describe: 'Scenario ids, id globs, files or folders (default: every built-in scenario)' })
      .option('dataset', { type: 'string', array: true, describe: 'Benchmarks to run: locomo:<path> or longmemeval:<path>; scored into metrics.csv per category' })
      .option('top-k', { type: 'string', array: true, describe: 'k values for recall@k, comma-separated; one retrieval at the largest (default with --dataset: 1,3,5,10,30,50)' })
      .option('tag', { type: 'string', array: true, describe: 'Only scenarios with one of these tags' })
      .option('limit', { type: 'number', describe: 'Only the first N scenarios (in id order)' })
      .option('budget', { type: 'string', array: true, describe: `Token budgets, comma-separated (default: each scenario's own, else ${DEFAULT_BUDGET_TOKENS})` })
      .option('embedder', { type: 'string', describe: 'Embedder for semantic strategies (hash, or a neural one when installed)', default: 'hash' })
      .option('model-dir', { type: 'string', describe: 'Folder with local embedding model files (or MEMEVAL_MODEL_DIR)' })
      .option('judge', { type: 'string', default: 'auto', describe: 'auto (each probe\'s expectation decides), contains, regex, f1, abstain, or claude:<model> (LLM judge)' })
      .option('summarizer', { type: 'string', default: 'offline', describe: 'Summariser for strategies that summarise: offline or claude:<model>' })
      .options(CLAUDE_OPTIONS)
      .option('j', { type: 'number', default: DEFAULT_CONCURRENCY, describe: 'Cells run concurrently' })
      .option('out', { type: 'string', default: DEFAULT_OUT_DIR, describe: 'Folder for run folders' })
      .option('seed', { type: 'number', describe: 'Filler seed for every scenario (default: each scenario\'s own)' })
      .option('price-as', { type: 'string', array: true, describe: 'Also price token counts as these Claude models (estimates, extra rows)' })
      .option('shard', { type: 'string', describe: 'Run only slice k of n of the cells (k/n), e.g. one per CI machine; join the slices with memeval merge' })
      .option('keep-db', { type: 'boolean', default: false, describe: 'Keep each cell\'s SQLite file in <run>/db/' })
      .option('resume', { type: 'string', describe: 'Finish an interrupted run: give its run folder; its own saved inputs are used (other input flags are ignored)' }) as unknown as Argv<RunArgs>,
  handler: async (args: ArgumentsCamelCase<RunArgs>) => {
    const progress = progressReporter();
    const log = (m: string) => {
      progress.clear();
      process.stderr.write(`${m}\n`);
    };
    // Flags are validated before anything runs (exit 2 names the flag).
    const claude = resolveClaudeOptions(args);
    const onProgress = ({ done, total, cell }: ProgressEvent) => progress.update(done, total, `${cell.scenario.id} · ${cell.strategy.label}`);
    let result;
    try {
      if (args.resume !== undefined) result = await runEval(resumeOptions(args.resume, { log, onProgress }));
      else result = await runEval({
        strategies: args.strategy.flatMap(splitSpecList),
        models: commaList(args.model),
        scenarios: args.scenario,
        tags: commaList(args.tag),
        limit: args.limit,
        budgets: parseBudgets(args.budget),
        embedder: args.embedder,
        modelDir: args.modelDir ?? process.env.MEMEVAL_MODEL_DIR,
        judge: args.judge,
        concurrency: args.j,
        outDir: args.out,
        seed: args.seed,
        priceAs: commaList(args.priceAs),
        keepDb: args.keepDb,
        shard: args.shard === undefined ? undefined : parseShard(String(args.shard)),
        datasets: args.dataset,
        topK: parseTopK(args.topK),
        claude,
        summarizer: args.summarizer,
        log,
        onProgress,
      });
    } finally {
      progress.clear();
    }
    process.stdout.write(`${formatSummaryTable(result.summary)}\n\n`);
    const comparison = formatModelComparison(result.summary);
    if (comparison) process.stdout.write(`${comparison}\n\n`);
    const offline = result.rows.some((r) => r.model_provider === 'offline');
    if (offline) process.stdout.write('model "offline" is the deterministic offline reader proxy, not Claude.\n');
    if (result.metrics.length > 0) process.stdout.write(`${formatMetricsTable(result.metrics)}\n\n`);
    process.stdout.write(`${result.rows.length} rows · run ${result.runId} · ${result.runDir}\n`);
    const errored = result.rows.filter((r) => r.error !== null).length;
    if (errored > 0) {
      process.stderr.write(`memeval: ${errored} probe row(s) errored; see the error column of results.csv\n`);
      args.exitCode = ERROR_EXIT_CODES.PROBES_ERRORED;
    }
  },
};
