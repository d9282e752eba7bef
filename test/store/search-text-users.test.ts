import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();

describe('searchText with one user or several', () => {
  it('gives the same ranking whether or not the store holds other users, and never returns their messages', () => {
    const store = openStore(join(tempDir(), 's.db'));
    const texts = ['apple pie recipe', 'apple', 'pear and apple salad', 'banana bread', 'apple apple crumble'];
    const mine = store.saveAll(
      texts.map((content) => ({ userId: 'me', sessionId: 's', role: 'user' as const, content })),
    );
    const alone = store.searchText('me', 'apple crumble', 10);
    expect(alone.map((r) => r.id).sort()).toEqual([mine[0].id, mine[1].id, mine[2].id, mine[4].id].sort());
    // Another user's matching rows, written before and after (ids on both sides of mine).
    const before = store.saveAll(
      texts.map((content) => ({ userId: 'a-other', sessionId: 's', role: 'user' as const, content })),
    );
    const after = store.saveAll(
      texts.map((content) => ({ userId: 'z-other', sessionId: 's', role: 'user' as const, content })),
    );
    const shared = store.searchText('me', 'apple crumble', 10);
    expect(shared.map((r) => r.id)).toEqual(alone.map((r) => r.id));
    const others = new Set([...before, ...after].map((m) => m.id));
    expect(shared.some((r) => others.has(r.id))).toBe(false);
    expect(store.searchText('z-other', 'apple', 10).every((r) => after.some((m) => m.id === r.id))).toBe(true);
  });
});
