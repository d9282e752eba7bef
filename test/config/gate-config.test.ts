import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsvRecords } from '../helpers/csv.js';
import { memevalCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();

describe('memeval check and baseline bless read the gate section of the config', () => {
  it('baseline path, run folder and thresholds come from the config; env and flags still win', () => {
    const dir = tempDir();
    const config = (maxRecallDrop: number) =>
      [
        'scenarios: [same-session-recall, restart-cross-session]',
        'strategies: ["recency:scope=session"]',
        'outDir: ./out',
        'gate:',
        '  baseline: ./gate/base.csv',
        `  maxRecallDrop: ${maxRecallDrop}`,
      ].join('\n');
    writeFileSync(join(dir, 'memeval.config.yaml'), config(0.02));
    expect(memevalCli(['run'], { cwd: dir }).status).toBe(0);
    // bless: the newest run under outDir, written where check will read it.
    const bless = memevalCli(['baseline', 'bless'], { cwd: dir });
    expect(bless.stderr).toBe('');
    expect(bless.status).toBe(0);
    const baselineFile = join(dir, 'gate/base.csv');
    expect(memevalCli(['check'], { cwd: dir }).status).toBe(0);

    // A baseline 3 points of evidence recall better than the current run.
    const [row] = parseCsvRecords(readFileSync(baselineFile, 'utf8'));
    const recall = Number(row.evidence_recall);
    expect(recall).toBeLessThan(0.9);
    const [header, line] = readFileSync(baselineFile, 'utf8').trim().split('\n');
    const cells = line.split(',');
    cells[header.split(',').indexOf('evidence_recall')] = (recall + 0.03).toFixed(4);
    writeFileSync(baselineFile, `${header}\n${cells.join(',')}\n`);

    const strict = memevalCli(['check'], { cwd: dir });
    expect(strict.status).toBe(1);
    expect(strict.stdout).toMatch(/evidence recall dropped 3\.0 pts/);

    writeFileSync(join(dir, 'memeval.config.yaml'), config(0.05));
    expect(memevalCli(['check'], { cwd: dir }).status).toBe(0);
    expect(memevalCli(['check'], { cwd: dir, env: { MEMEVAL_MAX_RECALL_DROP: '0.01' } }).status).toBe(1);
    expect(
      memevalCli(['check', '--max-recall-drop', '0.1'], { cwd: dir, env: { MEMEVAL_MAX_RECALL_DROP: '0.01' } }).status,
    ).toBe(0);
  });
});
