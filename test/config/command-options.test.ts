import { describe, expect, it } from 'vitest';
import type { OptionDecl, OptionTable } from '../../src/config/option-decl.js';
import { COMMAND_OPTIONS, FLAG_OPTIONS, GATE_OPTIONS, RUN_OPTIONS } from '../../src/config/options.js';
import { resolveOptions } from '../../src/config/resolve.js';
import { DEFAULT_MODEL_CONCURRENCY } from '../../src/models/guarded.js';

const tables = Object.entries(COMMAND_OPTIONS) as [string, OptionTable][];
const declared = new Set<OptionDecl>([
  ...Object.values(RUN_OPTIONS),
  ...Object.values(GATE_OPTIONS),
  ...Object.values(FLAG_OPTIONS),
]);

/**
 * Flags that mean something else in another command, each with why. Chat is one conversation:
 * one strategy, one model, one budget, where `run` takes lists. Bench's, import's and merge's
 * --out are folders of their own files, never null. Import's --limit counts items of a dataset
 * file, not scenarios, and reads no MEMEVAL_LIMIT meant for runs.
 */
const SAME_FLAG_OTHER_OPTION = new Set(['strategy', 'model', 'budget', 'out', 'limit']);

describe('one declaration per option, for every command', () => {
  it('every option of every command is one of the declarations, never a copy', () => {
    for (const [command, table] of tables)
      for (const [key, o] of Object.entries(table)) expect(declared.has(o), `${command}.${key}`).toBe(true);
  });

  it('a flag two commands share is the same declaration, with one default and one variable', () => {
    const byFlag = new Map<string, OptionDecl>();
    for (const [command, table] of tables) {
      for (const o of Object.values(table)) {
        const seen = byFlag.get(o.flag);
        if (seen && !SAME_FLAG_OTHER_OPTION.has(o.flag)) expect(o, `${command} --${o.flag}`).toBe(seen);
        byFlag.set(o.flag, o);
      }
    }
    expect(COMMAND_OPTIONS.chat.embedder).toBe(RUN_OPTIONS.embedder);
    expect(COMMAND_OPTIONS.chat.timeoutMs).toBe(RUN_OPTIONS.timeoutMs);
  });

  it('defaults are there whatever was imported first (a cycle once left this one undefined)', () => {
    expect(RUN_OPTIONS.claudeConcurrency.default).toBe(DEFAULT_MODEL_CONCURRENCY);
    for (const [key, o] of Object.entries(RUN_OPTIONS)) if ('default' in o) expect(o.default, key).not.toBeUndefined();
  });

  it('no command declares a flag twice', () => {
    for (const [command, table] of tables) {
      const flags = Object.values(table).map((o) => o.flag);
      expect(new Set(flags).size, command).toBe(flags.length);
    }
  });

  it('chat resolves the shared options like run: flag > MEMEVAL_* > default', () => {
    const chat = (flags: Record<string, unknown>, env: Record<string, string>) =>
      resolveOptions(COMMAND_OPTIONS.chat, { flags: { user: 'u', session: 's', ...flags }, env });
    expect(chat({}, {}).embedder).toEqual({ value: 'hash', source: 'default' });
    expect(chat({}, { MEMEVAL_EMBEDDER: 'auto' }).embedder).toEqual({ value: 'auto', source: 'env' });
    expect(chat({ embedder: 'minilm' }, { MEMEVAL_EMBEDDER: 'auto' }).embedder).toEqual({
      value: 'minilm',
      source: 'flag',
    });
    expect(chat({}, {}).budgetTokens).toEqual({ value: 4000, source: 'default' });
    expect(() => chat({ budget: -5 }, {})).toThrow(/^--budget: /);
  });

  it('bench reads sizes as the docs write them and rejects bad ones naming the flag', () => {
    const bench = (flags: Record<string, unknown>) => resolveOptions(COMMAND_OPTIONS.bench, { flags, env: {} });
    expect(bench({ n: ['1k,10k', '250'] }).benchSizes.value).toEqual([1000, 10000, 250]);
    expect(() => bench({ n: ['1'] })).toThrow(/^-n: must be a whole number from 2 to 1000000/);
    expect(() => bench({ time: 0 })).toThrow(/^--time: must be a number of ms from 1 to 600000/);
    expect(bench({}).benchOutDir).toEqual({ value: RUN_OPTIONS.outDir.default, source: 'default' });
  });
});
