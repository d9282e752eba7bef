import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAutoEmbedder } from '../../src/embedders/auto.js';
import { defaultCacheDir } from '../../src/embedders/model-source.js';
import { MemevalError } from '../../src/errors.js';
import { importTransformers } from '../../src/embedders/transformers.js';
import { TINY_BERT_HIDDEN_SIZE, buildTinyBertInTempDir } from '../fixtures/tiny-bert/build.js';
import { describeWith, MISSING } from '../helpers/optional.js';

describeWith(MISSING.transformers, "createEmbedder('auto')", () => {
  let modelDir: string;
  let emptyCache: string;
  beforeAll(async () => {
    modelDir = await buildTinyBertInTempDir();
    emptyCache = await mkdtemp(join(tmpdir(), 'memeval-cache-'));
  });
  afterAll(async () => {
    await rm(dirname(modelDir), { recursive: true, force: true });
    await rm(emptyCache, { recursive: true, force: true });
  });

  function logged(): { lines: string[]; log: (line: string) => void } {
    const lines: string[] = [];
    return { lines, log: (line) => lines.push(line) };
  }

  it('uses the hash embedder when no model files are present, and says so in one line', async () => {
    const { lines, log } = logged();
    const embedder = await createAutoEmbedder({ cacheDir: emptyCache, environment: {}, log });
    expect(embedder.id).toBe('hash-384-v1');
    expect(embedder.kind).toBe('lexical');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^embedder: hash-384-v1 \(lexical, 384 dims\)/);
    expect(lines[0]).toContain(join(emptyCache, 'Xenova/all-MiniLM-L6-v2'));
  });

  it('never downloads, even when downloads are allowed', async () => {
    const { log } = logged();
    const embedder = await createAutoEmbedder({
      cacheDir: emptyCache,
      environment: { MEMEVAL_ALLOW_DOWNLOAD: '1', HF_ENDPOINT: 'http://127.0.0.1:9' },
      log,
    });
    expect(embedder.kind).toBe('lexical');
  });

  it('uses the model folder from MEMEVAL_MODEL_DIR, and says which model in one line', async () => {
    const { lines, log } = logged();
    const embedder = await createAutoEmbedder({
      cacheDir: emptyCache,
      environment: { MEMEVAL_MODEL_DIR: modelDir },
      log,
    });
    expect(embedder.kind).toBe('neural');
    expect(embedder.dims).toBe(TINY_BERT_HIDDEN_SIZE);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(`^embedder: ${embedder.id} \\(neural, ${TINY_BERT_HIDDEN_SIZE} dims\\) from ${modelDir}`),
    );
  });

  it('uses MiniLM from the transformers cache, under the MiniLM id', async () => {
    const cache = await mkdtemp(join(tmpdir(), 'memeval-cache-'));
    await cp(modelDir, join(cache, 'Xenova/all-MiniLM-L6-v2'), { recursive: true });
    const { lines, log } = logged();
    const embedder = await createAutoEmbedder({ cacheDir: cache, environment: {}, log });
    expect(embedder.id).toBe('minilm-l6-v2');
    expect(embedder.kind).toBe('neural');
    expect(lines[0]).toContain(join(cache, 'Xenova/all-MiniLM-L6-v2'));
    await rm(cache, { recursive: true, force: true });
  });

  it('fails instead of falling back when the folder the user named lacks files', async () => {
    const err = await createAutoEmbedder({ modelDir: emptyCache, cacheDir: emptyCache, environment: {} }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(MemevalError);
    expect((err as MemevalError).code).toBe('MODEL_FILES_MISSING');
  });

  it('looks in the same cache folder transformers.js uses', async () => {
    const { env } = await importTransformers();
    expect(defaultCacheDir()).toBe(join(env.cacheDir ?? '', '.'));
  });
});
