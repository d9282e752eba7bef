import { cp, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MiniLmEmbedder } from '../../src/embedders/minilm.js';
import { createEmbedder } from '../../src/embedders/registry.js';
import type { Embedder } from '../../src/embedders/types.js';
import { TINY_BERT_HIDDEN_SIZE, buildTinyBertInTempDir } from '../fixtures/tiny-bert/build.js';
import { dot, l2Norm, maxAbsDiff } from '../helpers/vectors.js';
import { describeWith, MISSING } from '../helpers/optional.js';

// Lengths differ on purpose: batching pads the short ones, which must not change their vectors.
const TEXTS = [
  'cat',
  'The kitten is my pet.',
  'my dog was a puppy and it liked the snow and the rain and the cold',
  'Pizza and pasta for dinner!',
  'my boss moved the meeting',
  '',
];

describeWith(MISSING.transformers, 'minilm embedder on the tiny BERT model (the --model-dir code path)', () => {
  let modelDir: string;
  let embedder: Embedder;

  beforeAll(async () => {
    modelDir = await buildTinyBertInTempDir();
    embedder = await createEmbedder('minilm', { modelDir });
  });
  afterAll(async () => {
    await rm(dirname(modelDir), { recursive: true, force: true });
  });

  it('is neural, takes its dims from the model output, and names the local model in its id', async () => {
    expect(embedder.kind).toBe('neural');
    expect(embedder.dims).toBe(TINY_BERT_HIDDEN_SIZE);
    expect(embedder.id).toMatch(/^local:tiny-bert:[0-9a-f]{12}$/);
    const vectors = await embedder.embed(TEXTS);
    expect(vectors).toHaveLength(TEXTS.length);
    for (const v of vectors) expect(v.length).toBe(TINY_BERT_HIDDEN_SIZE);
  });

  it('returns L2-normalised vectors', async () => {
    for (const v of await embedder.embed(TEXTS)) expect(l2Norm(v)).toBeCloseTo(1, 5);
  });

  it('is deterministic across calls and across loads', async () => {
    const first = await embedder.embed(TEXTS);
    const again = await embedder.embed(TEXTS);
    const reloaded = await createEmbedder('minilm', { modelDir });
    expect(reloaded.id).toBe(embedder.id);
    const fromReload = await reloaded.embed(TEXTS);
    first.forEach((v, i) => {
      expect(Array.from(again[i])).toEqual(Array.from(v));
      expect(Array.from(fromReload[i])).toEqual(Array.from(v));
    });
  });

  it('mean pooling respects the attention mask: a padded batch equals one-at-a-time calls', async () => {
    const batched = await embedder.embed(TEXTS);
    for (const [i, text] of TEXTS.entries()) {
      const [single] = await embedder.embed([text]);
      expect(maxAbsDiff(batched[i], single)).toBeLessThan(1e-5);
    }
  });

  it('splits long lists into batches without changing the vectors or their order', async () => {
    const small = await MiniLmEmbedder.load({ modelDir, batchSize: 4, environment: {} });
    const many = Array.from({ length: 11 }, (_, i) => TEXTS[i % TEXTS.length] + ' the'.repeat(i));
    const inSmallBatches = await small.embed(many);
    const inOneBatch = await embedder.embed(many);
    expect(inSmallBatches).toHaveLength(11);
    inOneBatch.forEach((v, i) => expect(maxAbsDiff(inSmallBatches[i], v)).toBeLessThan(1e-5));
    await small.dispose();
  });

  it('scores same-topic sentences above unrelated ones even without a shared word', async () => {
    const [pet, petParaphrase, vehicle, food, foodParaphrase] = await embedder.embed([
      'the kitten is my pet',
      'a dog was a puppy',
      'the car and the truck',
      'I eat pizza',
      'pasta for dinner',
    ]);
    expect(dot(pet, petParaphrase)).toBeGreaterThan(dot(pet, vehicle) + 0.2);
    expect(dot(food, foodParaphrase)).toBeGreaterThan(dot(food, vehicle) + 0.2);
    expect(dot(food, foodParaphrase)).toBeGreaterThan(dot(food, pet) + 0.2);
  });

  it('returns no vectors for no texts', async () => {
    expect(await embedder.embed([])).toEqual([]);
  });
});

describeWith(MISSING.transformers, 'local model ids', () => {
  let modelDir: string;
  beforeAll(async () => {
    modelDir = await buildTinyBertInTempDir();
  });
  afterAll(async () => {
    await rm(dirname(modelDir), { recursive: true, force: true });
  });

  it('depend on the files, not on where the folder lives', async () => {
    const copy = join(await buildTinyBertInTempDir().then(dirname), 'copy', 'tiny-bert');
    await cp(modelDir, copy, { recursive: true });
    const original = await MiniLmEmbedder.load({ modelDir, environment: {} });
    const copied = await MiniLmEmbedder.load({ modelDir: copy, environment: {} });
    expect(copied.id).toBe(original.id);

    // A different model in a same-named folder must not share vectors with the first one.
    await writeFile(
      join(copy, 'tokenizer_config.json'),
      JSON.stringify({
        tokenizer_class: 'BertTokenizer',
        do_lower_case: true,
        model_max_length: 64,
        pad_token: '[PAD]',
        unk_token: '[UNK]',
      }),
    );
    const changed = await MiniLmEmbedder.load({ modelDir: copy, environment: {} });
    expect(changed.id).toMatch(/^local:tiny-bert:/);
    expect(changed.id).not.toBe(original.id);
    await Promise.all([original.dispose(), copied.dispose(), changed.dispose()]);
    await rm(dirname(dirname(copy)), { recursive: true, force: true });
  });
});
