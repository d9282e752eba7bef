import { describe, expect, it } from 'vitest';
import { MemevalError } from '../../src/errors.js';
import { parseStrategySpec, splitSpecList } from '../../src/strategy/spec.js';
import { resolveStrategySpec, resolveStrategySpecs } from '../../strategies/lookup.js';
import { STRATEGIES } from '../../strategies/index.js';

async function rejection(p: Promise<unknown>): Promise<MemevalError> {
  try {
    await p;
  } catch (err) {
    return err as MemevalError;
  }
  throw new Error('expected a rejection');
}

describe('strategy specs', () => {
  it('parses name and typed options', () => {
    expect(parseStrategySpec('semantic:topK=5,mmr=true,scope=session,w=0.5')).toEqual({
      spec: 'semantic:topK=5,mmr=true,scope=session,w=0.5',
      name: 'semantic',
      options: { topK: 5, mmr: true, scope: 'session', w: 0.5 },
    });
    expect(parseStrategySpec('./my-strategy.ts').options).toEqual({});
  });

  it('rejects malformed options', () => {
    for (const bad of ['recency:scope', 'recency:=x', 'recency:scope=a,scope=b', ':x=1']) {
      expect(() => parseStrategySpec(bad)).toThrow(MemevalError);
    }
  });

  it('labels cells with non-default options only, sorted', async () => {
    expect((await resolveStrategySpec('recency')).label).toBe('recency');
    expect((await resolveStrategySpec('recency:scope=user')).label).toBe('recency');
    expect((await resolveStrategySpec('recency:scope=session')).label).toBe('recency[scope=session]');
    expect((await resolveStrategySpec('recency:scope=session,dates=false')).label).toBe(
      'recency[dates=false,scope=session]',
    );
  });

  it('names a bad option and exits 2 (CONFIG)', async () => {
    const err = await rejection(resolveStrategySpec('recency:scope=galaxy'));
    expect(err.code).toBe('CONFIG');
    expect(err.message).toContain('scope');
    const unknown = await rejection(resolveStrategySpec('recency:bogus=1'));
    expect(unknown.message).toContain('bogus');
    expect((await rejection(resolveStrategySpec('nosuch'))).code).toBe('UNKNOWN_NAME');
  });

  it('expands all to every registered strategy and drops duplicates', async () => {
    expect((await resolveStrategySpecs(['all'])).map((s) => s.label)).toEqual(Object.keys(STRATEGIES));
    expect((await resolveStrategySpecs(['recency', 'recency:scope=user'])).length).toBe(1);
  });

  it("splits comma lists without splitting a spec's own options", () => {
    expect(splitSpecList('recency:scope=session,dates=false,semantic,summary:x=1')).toEqual([
      'recency:scope=session,dates=false',
      'semantic',
      'summary:x=1',
    ]);
    expect(splitSpecList('recency, all')).toEqual(['recency', 'all']);
  });
});
