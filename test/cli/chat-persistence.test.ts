import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();
const BIN = join(import.meta.dirname, '../../bin/memeval.js');

function chat(db: string, user: string, session: string, input: string) {
  return spawnSync(process.execPath, [BIN, 'chat', '--user', user, '--session', session, '--db', db], {
    input,
    encoding: 'utf8',
  });
}

describe('memeval chat across processes', () => {
  it('a second process reads what the first wrote; other users do not', () => {
    const db = join(tempDir(), 'memory.db');
    const first = chat(db, 'alice', 'monday', 'My product is called Nexus.\nI also like tea.\n');
    expect(first.status).toBe(0);

    const second = chat(db, 'alice', 'friday', "What's the name of my product?\n");
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('Nexus');
    expect(second.stderr).toContain('offline reader (not Claude)');

    const other = chat(db, 'bob', 'friday', "What's the name of my product?\n");
    expect(other.stdout).not.toContain('Nexus');
    expect(other.stdout).toContain("I don't know.");
  });

  it('bad input exits 2 with a message naming the problem', () => {
    const bad = spawnSync(
      process.execPath,
      [BIN, 'chat', '--user', 'u', '--session', 's', '--budget', '-5', '--db', join(tempDir(), 'x.db')],
      { input: '', encoding: 'utf8' },
    );
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--budget');
  });
});
