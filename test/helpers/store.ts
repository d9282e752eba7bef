import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { ConversationStore } from '../../src/store/sqlite.js';

/** A fresh temp folder per test, removed afterwards. */
export function useTempDir(): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const d = mkdtempSync(join(tmpdir(), 'memeval-test-'));
    dirs.push(d);
    return d;
  };
}

export function openStore(file: string, clock = new ManualClock(Date.UTC(2024, 0, 1))): ConversationStore {
  return new ConversationStore(file, { clock });
}
