import { describe, expect, it } from 'vitest';
import { Semaphore } from '../../src/models/semaphore.js';
import { mapPool } from '../../src/util/pool.js';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('mapPool', () => {
  it('keeps input order and never has more than the limit in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const out = await mapPool([5, 1, 4, 2, 3], 2, async (n, i) => {
      inFlight++;
      most = Math.max(most, inFlight);
      for (let k = 0; k < n; k++) await tick();
      inFlight--;
      return `${i}:${n}`;
    });
    expect(out).toEqual(['0:5', '1:1', '2:4', '3:2', '4:3']);
    expect(most).toBe(2);
  });

  it('treats a limit below 1 as 1 and maps an empty list to an empty list', async () => {
    expect(await mapPool([1, 2], 0, async (n) => n * 2)).toEqual([2, 4]);
    expect(await mapPool([], 3, async (n) => n)).toEqual([]);
  });
});

describe('Semaphore', () => {
  it('admits in arrival order and frees a slot when a holder throws', async () => {
    const sem = new Semaphore(1);
    const order: string[] = [];
    const failing = sem.run(async () => {
      order.push('a');
      await tick();
      throw new Error('boom');
    });
    const b = sem.run(async () => {
      order.push('b');
      return sem.inUse;
    });
    await expect(failing).rejects.toThrow('boom');
    expect(await b).toBe(1);
    expect(order).toEqual(['a', 'b']);
    expect(sem.inUse).toBe(0);
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});
