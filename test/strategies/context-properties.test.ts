import { describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/store/types.js';
import { TRUNCATION_MARKER } from '../../src/strategy/context.js';
import { estimateTokens } from '../../src/tokens.js';
import { DAY_MS, hashDeps, memoryStore, prng, saveTurn, strategyFor } from './helpers.js';

const WORDS =
  'sister lisbon garden piano budget meeting coffee cat dog train museum recipe hiking marathon invoice'.split(' ');
const CASES_PER_STRATEGY = 60;

/** Each user's text carries a marker no other user's text has, so leaks are visible in the context. */
const marker = (u: number) => `zq${u}mark`;

function sentence(rand: () => number, user: number, long: boolean): string {
  const n = long ? 300 + Math.floor(rand() * 600) : 3 + Math.floor(rand() * 25);
  const words = Array.from({ length: n }, () => WORDS[Math.floor(rand() * WORDS.length)]);
  words.splice(Math.floor(rand() * words.length), 0, marker(user));
  return `${words.join(' ')}.`;
}

const STRATEGIES: [string, Record<string, unknown>][] = [
  ['recency', {}],
  ['semantic', {}],
  ['hybrid', {}],
  // A low threshold so random histories compact, and roll-ups happen within a case.
  ['summary', { thresholdTokens: 300, keepRecentTokens: 100, summaryTokens: 60 }],
];

describe.each(STRATEGIES)('%s: context properties over random histories', (name, baseOptions) => {
  it.each(['user', 'session'])(
    `scope=%s: budget never exceeded, roles alternate, no other user's message`,
    async (scope) => {
      const deps = await hashDeps();
      // Coverage: the properties must hold on cases that exercise the interesting paths, not only on empty contexts.
      const seen = { nonEmpty: 0, truncated: 0, system: 0, ranked: 0 };
      for (let c = 0; c < CASES_PER_STRATEGY; c++) {
        const rand = prng(1000 * c + name.length * 7 + scope.length);
        const { store, clock } = memoryStore();
        const strategy = await strategyFor(name, { ...baseOptions, scope }, deps);
        const users = 2 + Math.floor(rand() * 2);
        const turns = Math.floor(rand() * 40);
        for (let t = 0; t < turns; t++) {
          const u = Math.floor(rand() * users);
          const session = `s${Math.floor(rand() * 4)}`;
          clock.advance(Math.floor(rand() * 3 * DAY_MS));
          const long = rand() < 0.05;
          const shape = rand();
          // Mostly full rounds; sometimes a lone user turn or a lone reply (a lost half of a round).
          const roles =
            shape < 0.8
              ? (['user', 'assistant'] as const)
              : shape < 0.9
                ? (['user'] as const)
                : (['assistant'] as const);
          await saveTurn(
            store,
            strategy,
            clock,
            roles.map((role) => ({ userId: `u${u}`, sessionId: session, role, content: sentence(rand, u, long) })),
          );
        }
        const me = Math.floor(rand() * users);
        const budgetTokens = 5 + Math.floor(rand() * 800);
        const ctx = await strategy.buildContext({
          store,
          userId: `u${me}`,
          sessionId: `s${Math.floor(rand() * 5)}`,
          query: sentence(rand, me, false),
          budgetTokens,
          clock,
        });
        const label = `${name} scope=${scope} case ${c} budget ${budgetTokens}`;
        const recount =
          (ctx.system ? estimateTokens(ctx.system) : 0) +
          ctx.messages.reduce((s, m) => s + estimateTokens(m.content), 0);
        expect(ctx.contextTokens, label).toBeLessThanOrEqual(budgetTokens);
        expect(recount, label).toBe(ctx.contextTokens);
        ctx.messages.forEach((m, i) => expect(m.role, label).toBe(i % 2 === 0 ? 'user' : 'assistant'));
        const mine = new Set(
          store.history(`u${me}`, { roles: ['user', 'assistant', 'summary'] }).map((m: StoredMessage) => m.id),
        );
        for (const id of ctx.messageIds) expect(mine.has(id), `${label}: id ${id}`).toBe(true);
        for (const id of ctx.rankedIds ?? []) expect(mine.has(id), `${label}: ranked id ${id}`).toBe(true);
        const text = [ctx.system ?? '', ...ctx.messages.map((m) => m.content)].join('\n');
        for (let u = 0; u < users; u++)
          if (u !== me) expect(text.includes(marker(u)), `${label}: leaked user ${u}`).toBe(false);
        if (ctx.messages.length > 0) seen.nonEmpty++;
        if (text.includes(TRUNCATION_MARKER)) seen.truncated++;
        if (ctx.system) seen.system++;
        if ((ctx.rankedIds ?? []).length > 0) seen.ranked++;
        store.close();
      }
      expect(seen.nonEmpty).toBeGreaterThan(CASES_PER_STRATEGY / 2);
      if (name === 'summary') expect(seen.system).toBeGreaterThan(0);
      if (name === 'semantic' || name === 'hybrid') expect(seen.ranked).toBeGreaterThan(CASES_PER_STRATEGY / 3);
      if (name === 'recency') expect(seen.truncated).toBeGreaterThan(0);
    },
  );
});
