import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { writeReportHtml } from '../../report/html.js';
import { writingTo } from '../../util/fs-errors.js';
import { mergeShardDirs } from '../../report/merge.js';
import { readRunDir } from '../../report/read.js';
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
        describe: 'Shard run folders, every k of one n',
      })
      .option('out', {
        type: 'string',
        demandOption: true,
        describe: 'Folder to write the merged run into',
      }) as unknown as Argv<MergeArgs>,
  handler: (args: ArgumentsCamelCase<MergeArgs>) => {
    const merged = writingTo(`--out ${args.out}`, () => mergeShardDirs(args.runs, args.out));
    writingTo(`--out ${args.out}`, () => writeReportHtml(readRunDir(args.out)));
    process.stdout.write(`${formatSummaryTable(merged.summary)}\n\n`);
    if (merged.metrics.length > 0) process.stdout.write(`${formatMetricsTable(merged.metrics)}\n\n`);
    process.stdout.write(`${merged.results.length} rows from ${args.runs.length} shard(s) · ${args.out}\n`);
  },
};
