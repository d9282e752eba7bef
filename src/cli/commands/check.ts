import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { resolveGateOptions, resolveOutDir } from '../../config/gate.js';
import { flagList, yargsOptions } from '../../config/option-decl.js';
import { COMMAND_OPTIONS } from '../../config/options.js';
import { resolvedValues } from '../../config/resolve.js';
import { configSource, findAndLoadConfig } from '../../config/run.js';
import { MemevalError } from '../../errors.js';
import { compareSummaries, type Thresholds } from '../../report/compare.js';
import { formatDiffMarkdown, formatDiffText } from '../../report/diff-table.js';
import { writeFileAtomic } from '../../report/files.js';
import { writingTo } from '../../util/fs-errors.js';
import { junitXml } from '../../report/junit.js';
import { newestRunDir } from '../../report/latest.js';
import { applyProbeGate, compareProbes, formatProbeTests, type FailOn } from '../../report/probe-gate.js';
import { probeKey, probesFileBeside } from '../../report/probes.js';
import { readProbes, readRunDir, readSummary } from '../../report/read.js';
import { appendStepSummary } from '../../report/step-summary.js';

interface CheckArgs {
  config?: string;
  reports?: string;
  strategy?: string[];
  model?: string[];
}

/**
 * Keeps the rows of the cells asked for (`--strategy`, `--model`), on both sides alike, so a run
 * of one strategy is checked against that strategy's baseline cells and the rest are not
 * reported missing. Unset keeps every cell: by default the gate still fails closed.
 */
function cellFilter(args: CheckArgs): <R extends { strategy: unknown; model: unknown }>(rows: readonly R[]) => R[] {
  const strategies = args.strategy && flagList(args.strategy);
  const models = args.model && flagList(args.model);
  return (rows) =>
    rows.filter(
      (r) =>
        (!strategies?.length || strategies.includes(String(r.strategy))) &&
        (!models?.length || models.includes(String(r.model))),
    );
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
  // Thresholds and baseline resolve like `memeval run`'s options: flag > MEMEVAL_* > `gate:` in
  // the config > default, so the yargs declarations carry no defaults.
  builder: (y: Argv) => y.options(yargsOptions(COMMAND_OPTIONS.check)) as unknown as Argv<CheckArgs>,
  handler: async (args: ArgumentsCamelCase<CheckArgs>) => {
    const config = configSource(await findAndLoadConfig(args.config));
    const gate = resolvedValues(resolveGateOptions({ flags: args, config }));
    const thresholds: Thresholds = {
      maxRecallDrop: gate.maxRecallDrop!,
      maxAccuracyDrop: gate.maxAccuracyDrop!,
      maxCostIncrease: gate.maxCostIncrease!,
      maxP95Increase: gate.maxP95Increase ?? null,
      maxLeaks: gate.maxLeaks!,
    };
    const reports = args.reports ?? resolveOutDir(config);
    const baselineFile = gate.baseline!;
    const only = cellFilter(args);
    const baseline = only(readSummary(baselineFile));
    const currentDir = gate.current ?? newestRunDir(reports);
    const run = readRunDir(currentDir);
    const current = { ...run, summary: only(run.summary), results: only(run.results) };
    const byCell = compareSummaries(baseline, current.summary, thresholds, { resultRows: current.results.length });
    // The per-probe baseline, when bless wrote one: names every flipped probe and decides per cell
    // by --fail-on. A baseline blessed before probes.csv existed gates on the summary limits alone.
    const probesFile = probesFileBeside(baselineFile);
    const failOn = gate.failOn as FailOn;
    const baselineProbes = existsSync(probesFile) ? only(readProbes(probesFile)) : null;
    const tests = baselineProbes ? compareProbes(baselineProbes, current.results) : null;
    const comparison = tests ? applyProbeGate(byCell, tests, failOn) : byCell;
    const probeText = tests
      ? `per-probe baseline ${probesFile}, --fail-on ${failOn}:\n${formatProbeTests(tests)}`
      : `no per-probe baseline (${probesFile}): flipped probes are not listed; bless again to add it`;
    const models = modelLines(current.manifest);

    process.stdout.write(
      `baseline ${baselineFile} · current ${currentDir} (run ${current.manifest.runId})\n${models.join('\n')}\n\n${probeText}\n\n${formatDiffText(comparison)}\n`,
    );
    const stepSummary = appendStepSummary(
      `${formatDiffMarkdown(comparison, { baseline: baselineFile, current: currentDir, models })}\n### Probes\n\n\`\`\`\n${probeText}\n\`\`\`\n`,
    );
    if (stepSummary) process.stderr.write(`step summary appended to ${stepSummary}\n`);
    if (gate.junit) {
      const junit = gate.junit;
      writingTo(`--junit ${junit}`, () => {
        mkdirSync(dirname(resolve(junit)), { recursive: true });
        const knownFailing = new Set((baselineProbes ?? []).filter((p) => p.correct !== true).map(probeKey));
        writeFileAtomic(junit, junitXml(current.results, `memeval ${current.manifest.runId}`, knownFailing));
      });
      process.stderr.write(`JUnit XML written to ${gate.junit}\n`);
    }
    if (!comparison.passed) {
      const failed = comparison.cells.filter((c) => c.status !== 'pass').map((c) => c.label);
      const what = [...comparison.problems, ...(failed.length > 0 ? [`failing cell(s): ${failed.join(', ')}`] : [])];
      throw new MemevalError('REGRESSION', `check failed against ${baselineFile}: ${what.join('; ')}`);
    }
  },
};
