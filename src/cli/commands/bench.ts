import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { MemevalError } from '../../errors.js';
import { commaList } from '../options.js';
import { writingTo } from '../../util/fs-errors.js';

/** The largest history bench builds: 10× its own biggest default, and still within memory. */
const MAX_BENCH_SIZE = 1_000_000;
/** Ten minutes per case and size is a long bench; more is a typo (and a timer past 2^31−1 ms overflows). */
const MAX_BENCH_TIME_MS = 600_000;

interface BenchArgs {
  only?: string[];
  n?: string[];
  time: number;
  out: string;
}

function parseSizes(values: readonly (string | number)[] | undefined): number[] | undefined {
  const items = commaList(values);
  if (items.length === 0) return undefined;
  return items.map((v) => {
    // 10k and 100k read as written in the docs.
    const n = Number(v.replace(/k$/i, '000'));
    if (!Number.isInteger(n) || n < 2 || n > MAX_BENCH_SIZE) throw new MemevalError('USAGE', `--n must be whole numbers from 2 to ${MAX_BENCH_SIZE} (got ${v})`);
    return n;
  });
}

export const benchCommand: CommandModule<object, BenchArgs> = {
  command: 'bench',
  builder: (y: Argv) =>
    y
      .option('only', { type: 'string', array: true, describe: 'Cases to run, comma-separated (default: all)' })
      .option('n', { type: 'string', array: true, describe: 'History sizes in messages, comma-separated (default: 1000,10000,100000)' })
      .option('time', { type: 'number', default: 1000, describe: 'Minimum measuring time per case and size, ms' })
      .option('out', { type: 'string', default: 'reports', describe: 'Folder for bench-<time>.csv and .json' }) as unknown as Argv<BenchArgs>,
  handler: async (args: ArgumentsCamelCase<BenchArgs>) => {
    if (!(args.time > 0 && args.time <= MAX_BENCH_TIME_MS)) throw new MemevalError('USAGE', `--time must be a number of ms from 1 to ${MAX_BENCH_TIME_MS} (got ${args.time})`);
    // Loaded here, not at CLI start: tinybench and the fixtures are only needed by this command.
    const { runBench } = await import('../../bench/run.js');
    const { formatBenchTable, writeBenchFiles } = await import('../../bench/report.js');
    const startedAt = new Date();
    const rows = await runBench({ only: commaList(args.only), sizes: parseSizes(args.n), timeMs: args.time, log: (m) => process.stderr.write(`${m}\n`) });
    process.stdout.write(`${formatBenchTable(rows)}\n\n`);
    process.stdout.write('Vectors: hash-384-v1 (lexical hashed features of synthetic text), not a neural embedder. Suite cases: offline reader model, not Claude.\n');
    const files = writingTo(`--out ${args.out}`, () => writeBenchFiles(args.out, rows, startedAt));
    process.stdout.write(`${files.csv}\n${files.json}\n`);
  },
};
