import { describe, expect, it } from 'vitest';
import { memevalCli } from '../helpers/cli.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('memeval run --display', () => {
  it('on a pipe, auto prints one plain line per finished cell to stderr; none prints nothing', () => {
    const out = mkdtempSync(join(tmpdir(), 'memeval-display-'));
    const args = ['run', '--scenario', 'profile-fact', '--strategy', 'recency,semantic', '--out', out];
    const auto = memevalCli(args, { env: { MEMEVAL_DISPLAY: 'auto' } });
    expect(auto.status).toBe(0);
    expect(auto.stderr.split('\n').filter(Boolean)).toEqual([
      '[1/2] profile-fact · recency',
      '[2/2] profile-fact · semantic',
    ]);
    const none = memevalCli([...args, '--display', 'none']);
    expect(none.status).toBe(0);
    expect(none.stderr).toBe('');
  });

  it('refuses an unknown mode naming the flag', () => {
    const r = memevalCli(['run', '--display', 'fancy']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/display/);
  });
});
