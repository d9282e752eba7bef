import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CachedModel } from '../../src/models/cache/cached-model.js';
import { cacheKey, canonicalJson } from '../../src/models/cache/key.js';
import { SpendLedger } from '../../src/models/spend.js';
import { createModelStack } from '../../src/models/stack.js';
import { CANARY_KEY, mockedClaude, rejection } from '../helpers/anthropic.js';
import { startMockAnthropic, withMockAnthropic } from '../helpers/mock-anthropic.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'memeval-cache-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const ask = {
  system: 'Known facts: none',
  messages: [{ role: 'user' as const, content: 'Where do I live?' }],
  maxTokens: 64,
};

/** Every file under a folder, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}

describe('cache key', () => {
  it('is canonical: key order does not matter, undefined fields are left out', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('changes with the repeat index, the messages and the model settings, not with the key or URL', () => {
    const model = { id: 'claude-haiku-4-5', cacheParams: { promptCache: false } };
    const base = cacheKey(model, ask, 0);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(cacheKey(model, { ...ask }, 0)).toBe(base);
    expect(cacheKey(model, ask, 1)).not.toBe(base);
    expect(cacheKey(model, { ...ask, messages: [{ role: 'user', content: 'Where do I work?' }] }, 0)).not.toBe(base);
    expect(cacheKey({ ...model, cacheParams: { promptCache: true } }, ask, 0)).not.toBe(base);
    expect(cacheKey(model, { ...ask, maxTokens: undefined }, 0)).toBe(cacheKey(model, { ...ask, maxTokens: 512 }, 0));
  });
});

describe('record/replay against the mock', () => {
  it('records a miss, then replays it with the server stopped, keeping the recorded usage', async () => {
    const dir = tempDir();
    const mock = await startMockAnthropic();
    mock.script({
      kind: 'ok',
      text: 'Lisbon.',
      usage: { input_tokens: 50, output_tokens: 3, cache_read_input_tokens: 7 },
    });
    const recorder = new CachedModel(mockedClaude(mock), { mode: 'auto', dir });
    const first = await recorder.complete(ask);
    expect(first).toMatchObject({ text: 'Lisbon.', cached: false });
    expect(recorder.stats).toEqual({ hits: 0, misses: 1, recorded: 1 });
    await mock.close();

    const file = recorder.fileFor(ask);
    const key = file.split('/').at(-1)!.replace('.json', '');
    expect(file).toBe(join(dir, key.slice(0, 2), key.slice(2, 4), `${key}.json`));
    const entry = JSON.parse(readFileSync(file, 'utf8'));
    expect(entry).toEqual({
      formatVersion: 1,
      key,
      modelId: 'claude-haiku-4-5',
      reply: {
        text: 'Lisbon.',
        stopReason: 'end_turn',
        usage: { inputTokens: 50, outputTokens: 3, cacheReadTokens: 7, cacheWriteTokens: 0 },
        usageExact: true,
      },
    });

    // A fresh stack in replay mode, with no key at all: CI without secrets.
    const stack = createModelStack('claude-haiku-4-5', {
      ledger: new SpendLedger(),
      cache: { mode: 'replay', dir },
      anthropic: { env: {} },
    });
    const again = await stack.forRepeat(0).complete(ask);
    expect(again).toMatchObject({ text: 'Lisbon.', cached: true, usageExact: true, stopReason: 'end_turn' });
    expect(again.usage).toEqual(first.usage);
    // Repeat 1 was never recorded.
    const miss = await rejection(stack.forRepeat(1).complete(ask));
    expect(miss.code).toBe('CACHE_MISS');
    expect(miss.message).toMatch(/no recording .* replay mode/);
    expect(stack.cache!.stats).toEqual({ hits: 1, misses: 1, recorded: 0 });
  });

  it('replay mode with a miss is CACHE_MISS and makes no call', async () => {
    await withMockAnthropic(async (mock) => {
      const model = new CachedModel(mockedClaude(mock), { mode: 'replay', dir: tempDir() });
      expect((await rejection(model.complete(ask))).code).toBe('CACHE_MISS');
      expect(mock.requests).toHaveLength(0);
    });
  });

  it('record mode always calls and overwrites; off mode neither reads nor writes', async () => {
    const dir = tempDir();
    await withMockAnthropic(async (mock) => {
      mock.script({ kind: 'ok', text: 'first' }, { kind: 'ok', text: 'second' }, { kind: 'ok', text: 'third' });
      await new CachedModel(mockedClaude(mock), { mode: 'auto', dir }).complete(ask);
      const recorder = new CachedModel(mockedClaude(mock), { mode: 'record', dir });
      expect((await recorder.complete(ask)).text).toBe('second');
      expect(JSON.parse(readFileSync(recorder.fileFor(ask), 'utf8')).reply.text).toBe('second');
      const off = new CachedModel(mockedClaude(mock), { mode: 'off', dir });
      expect((await off.complete(ask)).text).toBe('third');
      expect(JSON.parse(readFileSync(recorder.fileFor(ask), 'utf8')).reply.text).toBe('second');
      expect(mock.requests).toHaveLength(3);
      expect(filesUnder(dir)).toHaveLength(1);
    });
  });

  it('never writes the API key or base URL into a cache file', async () => {
    const dir = tempDir();
    await withMockAnthropic(async (mock) => {
      const model = new CachedModel(mockedClaude(mock, { promptCache: true }), { mode: 'auto', dir });
      await model.complete(ask);
      await model
        .forRepeat(1)
        .complete({ ...ask, messages: [{ role: 'user', content: `my key is ${CANARY_KEY.slice(0, 6)}` }] });
      const files = filesUnder(dir);
      expect(files).toHaveLength(2);
      for (const f of files) {
        const text = readFileSync(f, 'utf8');
        expect(text).not.toContain(CANARY_KEY);
        expect(text).not.toContain(mock.url);
        expect(f.endsWith('.json')).toBe(true);
      }
    });
  });

  it('names a corrupt cache file in a CACHE_CORRUPT error', async () => {
    const dir = tempDir();
    await withMockAnthropic(async (mock) => {
      const model = new CachedModel(mockedClaude(mock), { mode: 'auto', dir });
      await model.complete(ask);
      const file = model.fileFor(ask);
      const entry = JSON.parse(readFileSync(file, 'utf8'));
      writeFileSync(file, JSON.stringify({ ...entry, reply: { ...entry.reply, usage: { inputTokens: -1 } } }));
      let err = await rejection(model.complete(ask));
      expect(err.code).toBe('CACHE_CORRUPT');
      expect(err.message).toContain(file);
      expect(err.message).toMatch(/reply\.usage/);
      writeFileSync(file, '{ half');
      err = await rejection(model.complete(ask));
      expect(err.message).toMatch(/not valid JSON/);
    });
  });
});
