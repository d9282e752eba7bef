import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { MemevalError } from '../../errors.js';
import { compareSummaries, DEFAULT_THRESHOLDS, type Thresholds } from '../../report/compare.js';
import { formatDiffMarkdown, formatDiffText } from '../../report/diff-table.js';
import { writeFileAtomic } from '../../report/files.js';
import { junitXml } from '../../report/junit.js';
import { newestRunDir } from '../../report/latest.js';
import { readRunDir, readSummary } from '../../report/read.js';
import { appendStepSummary } from '../../report/step-summary.js';

interface CheckArgs {
  baseline: string;
  current?: string;
  reports: string;
  'max-recall-drop': number;
  'max-accuracy-drop': number;
  'max-cost-increase': number;
  'max-p95-increase'?: number;
  'max-leaks': number;
  junit?: string;
}

/** A limit must be a finite number ≥ 0; a typo like `--max-cost-increase 10%` must not disable the gate. */
function limit(flag: string, value: unknown): number {
  const n = Number(value);
  if (typeof value !== 'number' || !Number.isFinite(n) || n < 0) throw new MemevalError('USAGE', `--${flag} must be a number ≥ 0 (got ${String(value)})`);
  return n;
}

/** How each model's numbers must be read, from run.json: the offline reader is never presented as Claude. */
function modelLines(manifest: ReturnType<typeof readRunDir>['manifest']): string[] {
  const embedder = manifest.options.embedder;
  return [
    ...manifest.models.map((m) => `model ${m.id}: ${m.note ?? m.provider}`),
    `embedder: ${embedder ? `${embedder.id}${embedder.kind ? ` (${embedder.kind})` : ''}` : 'unknown'}; judge: ${manifest.options.judge ?? 'unknown'}`,
  ];
}

export const checkCommand: CommandModule<object, CheckArgs> = {
  command: 'check',
  describe: 'Compare a run with a baseline summary per cell; exit 1 on any regression (CI gate)',
  builder: (y: Argv) =>
    y
      .option('baseline', { type: 'string', demandOption: true, describe: 'Baseline summary.csv (see `memeval baseline bless`)' })
      .option('current', { type: 'string', describe: 'Run folder to check (default: the newest under --reports)' })
      .option('reports', { type: 'string', default: 'reports', describe: 'Folder of run folders, for the default --current' })
      .option('max-recall-drop', { type: 'number', default: DEFAULT_THRESHOLDS.maxRecallDrop, describe: 'Largest allowed drop of evidence recall (absolute, 0.02 = 2 points)' })
      .option('max-accuracy-drop', { type: 'number', default: DEFAULT_THRESHOLDS.maxAccuracyDrop, describe: 'Largest allowed drop of accuracy (absolute)' })
      .option('max-cost-increase', { type: 'number', default: DEFAULT_THRESHOLDS.maxCostIncrease, describe: 'Largest allowed rise of cost per exchange (relative, 0.10 = +10%)' })
      .option('max-p95-increase', { type: 'number', describe: 'Largest allowed rise of total p95 latency (relative); unchecked unless given, since timing varies by machine' })
      .option('max-leaks', { type: 'number', default: DEFAULT_THRESHOLDS.maxLeaks, describe: 'Leaked probes a cell may add over its baseline' })
      .option('junit', { type: 'string', describe: 'Also write JUnit XML listing every probe of the current run to this file' }) as unknown as Argv<CheckArgs>,
  handler: async (args: ArgumentsCamelCase<CheckArgs>) => {
    const thresholds: Thresholds = {
      maxRecallDrop: limit('max-recall-drop', args.maxRecallDrop),
      maxAccuracyDrop: limit('max-accuracy-drop', args.maxAccuracyDrop),
      maxCostIncrease: limit('max-cost-increase', args.maxCostIncrease),
      maxP95Increase: args.maxP95Increase === undefined ? null : limit('max-p95-increase', args.maxP95Increase),
      maxLeaks: limit('max-leaks', args.maxLeaks),
    };
    const baseline = readSummary(args.baseline);
    const currentDir = args.current ?? newestRunDir(args.reports);
    const current = readRunDir(currentDir);
    const comparison = compareSummaries(baseline, current.summary, thresholds, { resultRows: current.results.length });
    const models = modelLines(current.manifest);

    process.stdout.write(`baseline ${args.baseline} · current ${currentDir} (run ${current.manifest.runId})\n${models.join('\n')}\n\n${formatDiffText(comparison)}\n`);
    const stepSummary = appendStepSummary(formatDiffMarkdown(comparison, { baseline: args.baseline, current: currentDir, models }));
    if (stepSummary) process.stderr.write(`step summary appended to ${stepSummary}\n`);
    if (args.junit) {
      mkdirSync(dirname(resolve(args.junit)), { recursive: true });
      writeFileAtomic(args.junit, junitXml(current.results, `memeval ${current.manifest.runId}`));
      process.stderr.write(`JUnit XML written to ${args.junit}\n`);
    }
    if (!comparison.passed) {
      const failed = comparison.cells.filter((c) => c.status !== 'pass').map((c) => c.label);
      const what = [...comparison.problems, ...(failed.length > 0 ? [`failing cell(s): ${failed.join(', ')}`] : [])];
      throw new MemevalError('REGRESSION', `check failed against ${args.baseline}: ${what.join('; ')}`);
    }
  },
};
