import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { resolveGateOptions, resolveOutDir } from '../../config/gate.js';
import { yargsOptions } from '../../config/option-decl.js';
import { COMMAND_OPTIONS } from '../../config/options.js';
import { resolvedValues, resolveOptions } from '../../config/resolve.js';
import { configSource, findAndLoadConfig } from '../../config/run.js';
import { MemevalError } from '../../errors.js';
import { writeFileAtomic } from '../../report/files.js';
import { writingTo } from '../../util/fs-errors.js';
import { newestRunDir } from '../../report/latest.js';
import { PROBE_COLUMNS } from '../../report/columns.js';
import { toCsv } from '../../report/csv.js';
import { probeRowsOf, probesFileBeside } from '../../report/probes.js';
import { readRunDir } from '../../report/read.js';

interface BlessArgs {
  config?: string;
}

const blessCommand: CommandModule<object, BlessArgs> = {
  command: 'bless',
  describe:
    "Make a run's summary.csv (and its probes, probes.csv beside it) the new baseline (an explicit step: a regression is never blessed by accident)",
  builder: (y: Argv) => y.options(yargsOptions(COMMAND_OPTIONS.baseline)) as unknown as Argv<BlessArgs>,
  handler: async (args: ArgumentsCamelCase<BlessArgs>) => {
    const o = resolvedValues(resolveOptions(COMMAND_OPTIONS.baseline, { flags: args }));
    const config = configSource(await findAndLoadConfig(o.configFile));
    const to = o.blessTo ?? resolveGateOptions({ config }).baseline.value!;
    const from = o.blessFrom ?? newestRunDir(o.reportsDir ?? resolveOutDir(config));
    // Reading the whole run validates it; a baseline with no cells would make every later check fail.
    const run = readRunDir(from);
    if (run.summary.length === 0 || run.results.length === 0)
      throw new MemevalError('BAD_INPUT', `${from}: the run has no results; nothing to bless`);
    writingTo(`--to ${to}`, () => {
      mkdirSync(dirname(to), { recursive: true });
      writeFileAtomic(to, readFileSync(join(from, 'summary.csv'), 'utf8'));
      // Each probe's verdict beside the summary, so check can name what flipped and pair outcomes.
      writeFileAtomic(probesFileBeside(to), toCsv(PROBE_COLUMNS, probeRowsOf(run.results)));
    });
    process.stdout.write(
      `baseline ${to} ← ${from} (run ${run.manifest.runId}, ${run.summary.length} cell(s); per probe: ${probesFileBeside(to)})\n`,
    );
  },
};

export const baselineCommand: CommandModule<object, object> = {
  command: 'baseline',
  builder: (y: Argv) => y.command(blessCommand as CommandModule).demandCommand(1, 'name an action: bless'),
  handler: () => {},
};
