import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { stringify } from 'yaml';
import { newReport, readDataset } from '../../datasets/index.js';
import { DATASET_NAMES, type DatasetName } from '../../datasets/types.js';
import { writeFileAtomic } from '../../report/files.js';
import { requirePositiveInt } from '../../util/checks.js';

interface ImportArgs {
  dataset: DatasetName;
  path: string;
  out: string;
  limit?: number;
}

/**
 * `memeval import locomo|longmemeval <path> --out <dir>`: one scenario YAML per conversation or
 * question, plus import-report.json (counts of items repaired or skipped and why). The file is
 * streamed, so even LongMemEval_M (2.7 GB) converts in bounded memory; peak RSS is printed.
 */
export const importCommand: CommandModule<object, ImportArgs> = {
  command: 'import <dataset> <path>',
  builder: (y: Argv) =>
    y
      .positional('dataset', { choices: DATASET_NAMES, demandOption: true, describe: 'Benchmark format' })
      .positional('path', { type: 'string', demandOption: true, describe: 'The dataset JSON file' })
      .option('out', { type: 'string', demandOption: true, describe: 'Folder for the scenario files' })
      .option('limit', { type: 'number', describe: 'Convert only the first N items' }) as unknown as Argv<ImportArgs>,
  handler: async (args: ArgumentsCamelCase<ImportArgs>) => {
    const limit = args.limit === undefined ? Infinity : requirePositiveInt('--limit', args.limit);
    const report = newReport(args.dataset, args.path);
    mkdirSync(args.out, { recursive: true });
    let written = 0;
    for await (const item of readDataset(args.dataset, args.path, report)) {
      writeFileAtomic(join(args.out, `${item.scenario.id}.yaml`), stringify(item.scenario, { lineWidth: 0 }));
      if (++written >= limit) break;
    }
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    writeFileAtomic(join(args.out, 'import-report.json'), `${JSON.stringify({ ...report, peakRssMb: Math.round(peakRssMb) }, null, 2)}\n`);
    const fixes = Object.values(report.repaired).reduce((a, b) => a + b, 0);
    const skips = Object.values(report.skipped).reduce((a, b) => a + b, 0);
    process.stderr.write(
      `memeval import: ${written} scenarios (${report.sessions} sessions, ${report.turns} turns, ${report.probes} probes) → ${args.out}; ` +
        `${fixes} repairs, ${skips} skipped, ${report.unresolved.length} unresolved evidence ids (see import-report.json); peak RSS ${peakRssMb.toFixed(0)} MB\n`,
    );
  },
};
