import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { FaultInjectingStore } from '../../src/store/fault-injection.js';
import type { ConversationStore } from '../../src/store/sqlite.js';
import type { MemoryStore } from '../../src/strategy/memory-store.js';
import type { ContextRequest } from '../../src/strategy/types.js';
import { openStore, useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();

describe('strategies see the store as MemoryStore', () => {
  it('the SQLite store is a MemoryStore, and a strategy is typed against the interface only', () => {
    const store: MemoryStore = openStore(join(tempDir(), 'm.db'));
    const request = { store } as ContextRequest;
    // @ts-expect-error the SQLite handle is not part of what a strategy gets (checked by tsc)
    void request.store.db;
    // @ts-expect-error nor the store's lifecycle
    void request.store.close;
    expect(typeof request.store.history).toBe('function');
    (store as ConversationStore).close();
  });

  it("highWaterId is the user's own: another user's writes do not move it", () => {
    const store = openStore(join(tempDir(), 'h.db'));
    expect(store.highWaterId('alice')).toBe(0);
    const [a] = store.saveAll([{ userId: 'alice', sessionId: 's', role: 'user', content: 'hello' }]);
    store.saveAll([{ userId: 'bob', sessionId: 's', role: 'user', content: 'hi' }]);
    expect(store.highWaterId('alice')).toBe(a.id);
    expect(store.highWaterId('bob')).toBe(a.id + 1);
    store.close();
  });
});

describe('write faults live in a subclass, not in the production store', () => {
  it('the production store has no fault hook; FaultInjectingStore fails the armed write and rolls it back', () => {
    const plain = openStore(join(tempDir(), 'p.db'));
    expect('armWriteFault' in plain).toBe(false);
    plain.close();
    const store = new FaultInjectingStore(join(tempDir(), 'f.db'), { clock: new ManualClock(0) });
    store.armWriteFault('between-inserts');
    const turn = [
      { userId: 'u', sessionId: 's', role: 'user' as const, content: 'q' },
      { userId: 'u', sessionId: 's', role: 'assistant' as const, content: 'a' },
    ];
    expect(() => store.saveAll(turn)).toThrow(/injected write failure \(between-inserts\)/);
    expect(store.history('u')).toEqual([]);
    expect(store.saveAll(turn)).toHaveLength(2);
    store.close();
  });
});
