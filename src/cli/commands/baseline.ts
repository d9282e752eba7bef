import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { MemevalError } from '../../errors.js';
import { writeFileAtomic } from '../../report/files.js';
import { newestRunDir } from '../../report/latest.js';
import { readRunDir } from '../../report/read.js';

interface BlessArgs {
  from?: string;
  to: string;
  reports: string;
}

/** Where `check` and `bless` look for the baseline unless told otherwise. */
export const DEFAULT_BASELINE = 'reports/baseline/summary.csv';

const blessCommand: CommandModule<object, BlessArgs> = {
  command: 'bless',
  describe: 'Make a run\'s summary.csv the new baseline (an explicit step: a regression is never blessed by accident)',
  builder: (y: Argv) =>
    y
      .option('from', { type: 'string', describe: 'Run folder (default: the newest under --reports)' })
      .option('to', { type: 'string', default: DEFAULT_BASELINE, describe: 'Baseline file to write' })
      .option('reports', { type: 'string', default: 'reports', describe: 'Folder of run folders, for the default --from' }) as unknown as Argv<BlessArgs>,
  handler: (args: ArgumentsCamelCase<BlessArgs>) => {
    const from = args.from ?? newestRunDir(args.reports);
    // Reading the whole run validates it; a baseline with no cells would make every later check fail.
    const run = readRunDir(from);
    if (run.summary.length === 0 || run.results.length === 0) throw new MemevalError('BAD_INPUT', `${from}: the run has no results; nothing to bless`);
    mkdirSync(dirname(args.to), { recursive: true });
    writeFileAtomic(args.to, readFileSync(join(from, 'summary.csv'), 'utf8'));
    process.stdout.write(`baseline ${args.to} ← ${from} (run ${run.manifest.runId}, ${run.summary.length} cell(s))\n`);
  },
};

export const baselineCommand: CommandModule<object, object> = {
  command: 'baseline',
  describe: 'Manage the baseline that `memeval check` compares with',
  builder: (y: Argv) => y.command(blessCommand as CommandModule).demandCommand(1, 'name an action: bless'),
  handler: () => {},
};
