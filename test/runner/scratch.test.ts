import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeScratchDir } from '../../src/runner/scratch.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();

/** A pid that certainly belongs to no process: one that just exited. */
function deadPid(): number {
  return Number(
    spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout,
  );
}

describe('scratch folders of cell databases', () => {
  it('removes folders of runs whose process is gone, keeps live owners and folders it cannot attribute', () => {
    const root = tempDir();
    const dead = join(root, `memeval-run-${deadPid()}-abc123`);
    const live = join(root, `memeval-run-${process.ppid}-def456`);
    const unnamed = join(root, 'memeval-run-Xy12Zq');
    for (const d of [dead, live, unnamed]) mkdirSync(d);

    const mine = makeScratchDir(root);

    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(unnamed)).toBe(true);
    expect(mine.startsWith(join(root, `memeval-run-${process.pid}-`))).toBe(true);
    expect(readdirSync(root)).toHaveLength(3);
  });
});
