/**
 * The full kill-and-resume drill: `npm run test:kill [-- --kills N --seed S]`.
 * Runs the built-in suite (two strategy variants × five budgets) once uninterrupted, then again
 * with N seeded SIGKILLs, resuming with `memeval run --resume` after each, and checks the final
 * results.csv, summary.csv and run.json equal the uninterrupted run's apart from timing.
 * `npm test` runs a smaller version of this (test/reliability/kill-resume.test.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import {
  comparableManifest,
  comparableResults,
  comparableSummary,
  killAndResume,
} from '../test/helpers/kill-resume.js';

const { values } = parseArgs({
  options: { kills: { type: 'string', default: '12' }, seed: { type: 'string', default: '1' } },
});
const kills = Number(values.kills);
const seed = Number(values.seed);
const args = ['--strategy', 'recency,recency:scope=session', '--budget', '300,600,1000,2000,4000', '-j', '2'];
const tmp = mkdtempSync(join(tmpdir(), 'memeval-kill-'));
try {
  const started = performance.now();
  const report = await killAndResume({ args, kills, seed }, join(tmp, 'baseline'), join(tmp, 'killed'));
  const checks = {
    'results.csv equal apart from timing': isDeepStrictEqual(
      comparableResults(report.resumed),
      comparableResults(report.baseline),
    ),
    'summary.csv equal apart from timing': isDeepStrictEqual(
      comparableSummary(report.resumed),
      comparableSummary(report.baseline),
    ),
    'run.json equal apart from times and paths': isDeepStrictEqual(
      comparableManifest(report.resumed.manifest),
      comparableManifest(report.baseline.manifest),
    ),
    'no partial results.csv after any kill': report.problems.length === 0,
    'journal never shrank': report.journalLines.every((n, i) => i === 0 || n >= report.journalLines[i - 1]),
  };
  console.log(
    `kills survived: ${report.kills} (seed ${seed}; ${report.killsBeforeFirstCell} before the first cell finished)`,
  );
  console.log(`cells finished after each kill: ${report.journalLines.join(' ')}`);
  console.log(`rows: ${report.resumed.results.length - 1} (baseline ${report.baseline.results.length - 1})`);
  for (const p of report.problems) console.log(`problem: ${p}`);
  for (const [name, ok] of Object.entries(checks)) console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}`);
  console.log(`${((performance.now() - started) / 1000).toFixed(1)} s`);
  process.exitCode = Object.values(checks).every(Boolean) ? 0 : 1;
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
