import { join } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { yargsOptions } from '../../config/option-decl.js';
import { COMMAND_OPTIONS, FLAG_OPTIONS } from '../../config/options.js';
import { resolvedValues, resolveOptions } from '../../config/resolve.js';
import { configSource, findAndLoadConfig, resolveRunOptions } from '../../config/run.js';
import { ERROR_EXIT_CODES } from '../../errors.js';
import { formatModelComparison } from '../../report/models-table.js';
import { progressDisplay } from '../../report/progress.js';
import { formatMetricsTable, formatSummaryTable } from '../../report/table.js';
import { resumeOptions } from '../../runner/resume.js';
import { runMatrix, type RunOptions, type RunResult } from '../../runner/run.js';
import { scrubSecrets } from '../../util/secrets.js';

type ProgressEvent = Parameters<NonNullable<RunOptions['onProgress']>>[0];

interface RunArgs {
  config?: string;
  resume?: string;
  exitCode?: number;
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run',
  // Defaults live in the option table, not in yargs, so a config file or MEMEVAL_* can supply them.
  builder: (y: Argv) => y.options(yargsOptions(COMMAND_OPTIONS.run)) as unknown as Argv<RunArgs>,
  handler: async (args: ArgumentsCamelCase<RunArgs>) => {
    // Resolved first and on its own: the display must work for --resume too, which reads no other input flag.
    const { display } = resolvedValues(resolveOptions({ display: FLAG_OPTIONS.display }, { flags: args }));
    const progress = progressDisplay(display ?? 'auto', process.stderr);
    const log = (m: string) => {
      progress.clear();
      process.stderr.write(`${scrubSecrets(m)}\n`);
    };
    let result: RunResult;
    try {
      // Every option is resolved and validated before anything runs (exit 2 names the flag, variable or config key).
      const onProgress = ({ done, total, cell }: ProgressEvent) =>
        progress.update(done, total, `${cell.scenario.id} · ${cell.strategy.label}`);
      // Said before the first cell runs, so a user (or a CI log) sees at once what runs and where it lands.
      const onStart = ({ runId, runDir, cells }: { runId: string; runDir: string | null; cells: number }) =>
        process.stdout.write(
          `memeval run ${runId}: ${cells} cell${cells === 1 ? '' : 's'}${runDir ? ` → ${runDir}` : ''}\n`,
        );
      if (args.resume !== undefined) {
        result = await runMatrix({ ...resumeOptions(args.resume, { log, onProgress }), onStart });
      } else {
        const config = configSource(await findAndLoadConfig(args.config));
        const options = await resolveRunOptions({ flags: args, config, log });
        result = await runMatrix({ ...options, onProgress, onStart });
      }
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
    if (result.runDir) process.stdout.write(`report: ${join(result.runDir, 'report.html')}\n`);
    const errored = result.rows.filter((r) => r.error !== null).length;
    if (errored > 0) {
      process.stderr.write(`memeval: ${errored} probe row(s) errored; see the error column of results.csv\n`);
      args.exitCode = ERROR_EXIT_CODES.PROBES_ERRORED;
    }
  },
};
