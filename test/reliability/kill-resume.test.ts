import { describe, expect, it } from 'vitest';
import { comparableManifest, comparableResults, comparableSummary, killAndResume } from '../helpers/kill-resume.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();

/** Small enough for `npm test`; `npm run test:kill` runs the full drill (scripts/kill-resume.ts). */
const KILLS = 4;

describe('crash and resume (SIGKILL)', () => {
  it(`a run killed ${KILLS} times at seeded random points and resumed each time ends with the results of an uninterrupted run`, async () => {
    const args = [
      '--scenario',
      'profile-fact',
      '--scenario',
      'temporal',
      '--scenario',
      'two-users-isolation',
      '--strategy',
      'recency,recency:scope=session',
      '--budget',
      '200,400,800,1600,3200',
      '-j',
      '2',
    ];
    const report = await killAndResume({ args, kills: KILLS, seed: 7 }, tempDir(), tempDir());
    expect(report.kills).toBe(KILLS);
    expect(report.problems).toEqual([]);
    // The journal only grows: no kill loses a cell that was already recorded.
    expect([...report.journalLines].sort((a, b) => a - b)).toEqual(report.journalLines);
    expect(report.resumed.results.length).toBeGreaterThan(20);
    expect(comparableResults(report.resumed)).toEqual(comparableResults(report.baseline));
    expect(comparableSummary(report.resumed)).toEqual(comparableSummary(report.baseline));
    expect(comparableManifest(report.resumed.manifest)).toEqual(comparableManifest(report.baseline.manifest));
  });
});
