import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { yargsOptions } from '../../config/option-decl.js';
import { COMMAND_OPTIONS } from '../../config/options.js';
import { resolvedValues, resolveOptions } from '../../config/resolve.js';
import { writeReportHtml } from '../../report/html.js';
import { writingTo } from '../../util/fs-errors.js';
import { mergeShardDirs } from '../../report/merge.js';
import { readRunDir } from '../../report/read.js';
import { expandRunDirs } from '../../report/run-dirs.js';
import { formatMetricsTable, formatSummaryTable } from '../../report/table.js';

interface MergeArgs {
  runs: string[];
}

export const mergeCommand: CommandModule<object, MergeArgs> = {
  command: 'merge <runs..>',
  builder: (y: Argv) =>
    y
      .positional('runs', {
        type: 'string',
        array: true,
        demandOption: true,
        describe: "Shard run folders, every k of one n, or quoted globs of them ('artifacts/*/run-*.shard-*')",
      })
      .options(yargsOptions(COMMAND_OPTIONS.merge)) as unknown as Argv<MergeArgs>,
  handler: (args: ArgumentsCamelCase<MergeArgs>) => {
    const out = resolvedValues(resolveOptions(COMMAND_OPTIONS.merge, { flags: args })).mergeOut!;
    const runs = expandRunDirs(args.runs);
    const merged = writingTo(`--out ${out}`, () => mergeShardDirs(runs, out));
    writingTo(`--out ${out}`, () => writeReportHtml(readRunDir(out)));
    process.stdout.write(`${formatSummaryTable(merged.summary)}\n\n`);
    if (merged.metrics.length > 0) process.stdout.write(`${formatMetricsTable(merged.metrics)}\n\n`);
    process.stdout.write(`${merged.results.length} rows from ${runs.length} shard(s) · ${out}\n`);
  },
};
