import { describe, expect, it } from 'vitest';
import { mergeProviderSections, type ProviderSection } from '../../src/report/providers-merge.js';

const shard = (hits: number, chat: number): ProviderSection => ({
  judge: null,
  cache: {
    mode: 'auto',
    dir: '.memeval/cache',
    hits,
    misses: 1,
    recorded: 1,
    models: [{ model: 'claude-haiku-4-5', role: 'chat', hits, misses: 1, recorded: 1 }],
  },
  spendUsd: { total: chat, chat, judge: 0, summary: 0, maxCostUsd: 1, note: 'real calls only' },
});

describe('mergeProviderSections', () => {
  it('sums cache counts and dollars over shards, per model and role too', () => {
    const merged = mergeProviderSections([shard(2, 0.1), shard(3, 0.2)])!;
    expect(merged.cache).toMatchObject({
      mode: 'auto',
      hits: 5,
      misses: 2,
      recorded: 2,
      models: [{ model: 'claude-haiku-4-5', role: 'chat', hits: 5, misses: 2, recorded: 2 }],
    });
    expect(merged.spendUsd).toMatchObject({ total: 0.3, chat: 0.3, judge: 0, maxCostUsd: 1 });
    expect(String(merged.spendUsd!.note)).toMatch(/2 shards, each capped on its own/);
    expect(merged.judge).toBeNull();
  });

  it('is undefined for shards written before the section existed', () => {
    expect(mergeProviderSections([undefined, undefined])).toBeUndefined();
  });
});
