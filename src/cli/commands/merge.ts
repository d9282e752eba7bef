import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { writeReportHtml } from '../../report/html.js';
import { writingTo } from '../../util/fs-errors.js';
import { mergeShardDirs } from '../../report/merge.js';
import { readRunDir } from '../../report/read.js';
import { expandRunDirs } from '../../report/run-dirs.js';
import { formatMetricsTable, formatSummaryTable } from '../../report/table.js';

interface MergeArgs {
  runs: string[];
  out: string;
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
      .option('out', {
        type: 'string',
        demandOption: true,
        describe: 'Folder to write the merged run into',
      }) as unknown as Argv<MergeArgs>,
  handler: (args: ArgumentsCamelCase<MergeArgs>) => {
    const runs = expandRunDirs(args.runs);
    const merged = writingTo(`--out ${args.out}`, () => mergeShardDirs(runs, args.out));
    writingTo(`--out ${args.out}`, () => writeReportHtml(readRunDir(args.out)));
    process.stdout.write(`${formatSummaryTable(merged.summary)}\n\n`);
    if (merged.metrics.length > 0) process.stdout.write(`${formatMetricsTable(merged.metrics)}\n\n`);
    process.stdout.write(`${merged.results.length} rows from ${runs.length} shard(s) · ${args.out}\n`);
  },
};
