import { describe, expect, it } from 'vitest';
import { parseShard, selectShard } from '../../src/runner/shard.js';

const cells = [
  'b|recency|offline|4000',
  'a|semantic|offline|1000',
  'a|recency|offline|1000',
  'c|hybrid|offline|4000',
  'a|recency|offline|4000',
].map((key, index) => ({ key, index }));
const key = (c: { key: string }) => c.key;

describe('selectShard', () => {
  it('partitions the cells: every cell in exactly one slice, sizes within one, input order kept', () => {
    for (const n of [1, 2, 3, 5, 7]) {
      const slices = Array.from({ length: n }, (_, i) => selectShard(cells, { k: i + 1, n }, key));
      expect(
        slices
          .flat()
          .map((c) => c.index)
          .sort(),
      ).toEqual([0, 1, 2, 3, 4]);
      const sizes = slices.map((s) => s.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      for (const s of slices) expect(s.map((c) => c.index)).toEqual([...s.map((c) => c.index)].sort());
    }
  });

  it('depends on the cell keys, not on the order they were listed in', () => {
    const reversed = [...cells].reverse();
    for (const k of [1, 2]) {
      expect(selectShard(reversed, { k, n: 2 }, key).map(key).sort()).toEqual(
        selectShard(cells, { k, n: 2 }, key).map(key).sort(),
      );
    }
    // Sorted keys dealt alternately: ranks 0, 2, 4 go to slice 1, listed in input order.
    expect(selectShard(cells, { k: 1, n: 2 }, key).map(key)).toEqual([
      'a|semantic|offline|1000',
      'a|recency|offline|1000',
      'c|hybrid|offline|4000',
    ]);
  });

  it('parses k/n and rejects anything else, naming the flag', () => {
    expect(parseShard('2/4')).toEqual({ k: 2, n: 4 });
    expect(parseShard(' 1 / 1 ')).toEqual({ k: 1, n: 1 });
    expect(() => selectShard([{ key: 'a' }, { key: 'a' }], { k: 1, n: 2 }, key)).toThrow(
      /--shard: the matrix lists cell a twice/,
    );
    for (const bad of ['0/2', '3/2', '1/0', '2', 'a/b', '1/2/3', '-1/2'])
      expect(() => parseShard(bad)).toThrow(/--shard must be k\/n/);
  });
});
