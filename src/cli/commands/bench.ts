import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { yargsOptions } from '../../config/option-decl.js';
import { COMMAND_OPTIONS } from '../../config/options.js';
import { writingTo } from '../../util/fs-errors.js';
import { resolvedValues, resolveOptions } from '../../config/resolve.js';

export const benchCommand: CommandModule<object, object> = {
  command: 'bench',
  builder: (y: Argv) => y.options(yargsOptions(COMMAND_OPTIONS.bench)),
  handler: async (args: ArgumentsCamelCase<object>) => {
    const o = resolvedValues(resolveOptions(COMMAND_OPTIONS.bench, { flags: args }));
    // Loaded here, not at CLI start: tinybench and the fixtures are only needed by this command.
    const { runBench } = await import('../../bench/run.js');
    const { formatBenchTable, writeBenchFiles } = await import('../../bench/report.js');
    const startedAt = new Date();
    const rows = await runBench({
      only: o.benchCases ?? [],
      sizes: o.benchSizes,
      timeMs: o.benchTimeMs!,
      log: (m) => process.stderr.write(`${m}\n`),
    });
    process.stdout.write(`${formatBenchTable(rows)}\n\n`);
    process.stdout.write(
      'Vectors: hash-384-v1 (lexical hashed features of synthetic text), not a neural embedder. Suite cases: offline reader model, not Claude.\n',
    );
    const files = writingTo(`--out ${o.benchOutDir}`, () => writeBenchFiles(o.benchOutDir!, rows, startedAt));
    process.stdout.write(`${files.csv}\n${files.json}\n`);
  },
};
