import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RunIdHash } from '../../src/runner/run-id.js';
import type { Scenario } from '../../src/scenario/schema.js';

const whole = (basis: object) => `run-${createHash('sha256').update(JSON.stringify(basis)).digest('hex').slice(0, 12)}`;
const scenario = (id: string) =>
  ({ id, description: `"quoted" ${id}`, tags: ['x'], users: ['u'], seed: 1, steps: [] }) as unknown as Scenario;

describe('RunIdHash', () => {
  it('gives the id of the whole basis hashed at once, with no, one or many scenarios', () => {
    const rest = {
      strategies: [['recency', {}]],
      models: ['offline'],
      budgets: null,
      embedder: 'hash',
      judge: 'auto',
      seed: null,
      priceAs: [],
      topK: [1, 3],
    };
    for (const scenarios of [[], [scenario('a')], [scenario('a'), scenario('b:1'), scenario('c')]]) {
      for (const commit of [null, 'abc123']) {
        const hash = new RunIdHash({ version: '0.1.0', commit });
        for (const s of scenarios) hash.add(s);
        expect(hash.finish(rest)).toBe(whole({ version: '0.1.0', commit, scenarios, ...rest }));
      }
    }
  });

  it('changes when a scenario does', () => {
    const id = (description: string) => {
      const hash = new RunIdHash({ version: '1', commit: null });
      hash.add({ ...scenario('a'), description });
      return hash.finish({ models: ['offline'] });
    };
    expect(id('one')).not.toBe(id('two'));
  });
});
