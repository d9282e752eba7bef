import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { stringify } from 'yaml';
import { newReport, readDataset } from '../../datasets/index.js';
import { DATASET_NAMES } from '../../datasets/types.js';
import { writeFileAtomic } from '../../report/files.js';
import { writingTo } from '../../util/fs-errors.js';
import { choiceOf, yargsOptions } from '../../config/option-decl.js';
import { COMMAND_OPTIONS } from '../../config/options.js';
import { resolvedValues, resolveOptions } from '../../config/resolve.js';

interface ImportArgs {
  dataset: string;
  path: string;
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
      .positional('dataset', {
        type: 'string',
        demandOption: true,
        describe: `Benchmark format: ${DATASET_NAMES.join(' or ')}`,
      })
      .positional('path', { type: 'string', demandOption: true, describe: 'The dataset JSON file' })
      .options(yargsOptions(COMMAND_OPTIONS.import)) as unknown as Argv<ImportArgs>,
  handler: async (args: ArgumentsCamelCase<ImportArgs>) => {
    const dataset = choiceOf('dataset', DATASET_NAMES, args.dataset);
    const o = resolvedValues(resolveOptions(COMMAND_OPTIONS.import, { flags: args }));
    const limit = o.importLimit ?? Infinity;
    const outDir = o.importOut!;
    const report = newReport(dataset, args.path);
    const out = `--out ${outDir}`;
    // Written into a staging folder beside --out and moved in only once the whole file converted:
    // a dataset that turns out bad halfway, or a full disk, leaves nothing behind.
    const staged = writingTo(out, () => stagingFolder(outDir));
    let written = 0;
    let peakRssMb = 0;
    try {
      for await (const item of readDataset(dataset, args.path, report)) {
        writingTo(out, () =>
          writeFileAtomic(join(staged.dir, `${item.scenario.id}.yaml`), stringify(item.scenario, { lineWidth: 0 })),
        );
        if (++written >= limit) break;
      }
      peakRssMb = process.resourceUsage().maxRSS / 1024;
      writingTo(out, () =>
        writeFileAtomic(
          join(staged.dir, 'import-report.json'),
          `${JSON.stringify({ ...report, peakRssMb: Math.round(peakRssMb) }, null, 2)}\n`,
        ),
      );
      writingTo(out, () => staged.commit());
    } catch (err) {
      staged.discard();
      throw err;
    }
    const fixes = Object.values(report.repaired).reduce((a, b) => a + b, 0);
    const skips = Object.values(report.skipped).reduce((a, b) => a + b, 0);
    process.stderr.write(
      `memeval import: ${written} scenarios (${report.sessions} sessions, ${report.turns} turns, ${report.probes} probes) → ${outDir}; ` +
        `${fixes} repairs, ${skips} skipped, ${report.unresolved.length} unresolved evidence ids (see import-report.json); peak RSS ${peakRssMb.toFixed(0)} MB\n`,
    );
  },
};

/**
 * A hidden folder next to `out` (same file system, so moving files in is a rename). `commit`
 * moves the files into `out` (made if missing); `discard` removes the staging folder and any
 * parent folders made for it, so a failed import leaves the disk as it found it.
 */
function stagingFolder(out: string): { dir: string; commit(): void; discard(): void } {
  const target = resolve(out);
  if (existsSync(target) && !statSync(target).isDirectory()) {
    throw Object.assign(new Error('not a folder'), { code: 'EEXIST', syscall: 'mkdir', path: target });
  }
  const parent = dirname(target);
  let firstMade: string | null = null;
  for (let p = parent; !existsSync(p); p = dirname(p)) firstMade = p;
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, `.${basename(target)}.import-`));
  return {
    dir,
    commit() {
      if (!existsSync(target)) {
        renameSync(dir, target);
        return;
      }
      for (const f of readdirSync(dir)) renameSync(join(dir, f), join(target, f));
      rmSync(dir, { recursive: true, force: true });
    },
    discard() {
      rmSync(firstMade ?? dir, { recursive: true, force: true });
    },
  };
}
