import { describe, expect, it } from 'vitest';
import { createEmbedder } from '../../src/embedders/registry.js';
import { dot, l2Norm } from '../helpers/vectors.js';

describe('hash embedder', () => {
  const texts = [
    'My sister moved to Lisbon in March.',
    'Where does my sister live now?',
    'The quarterly budget review is on Friday.',
    '',
  ];

  it('is lexical, 384 dims, and says so in its id', async () => {
    const embedder = await createEmbedder('hash');
    expect(embedder.kind).toBe('lexical');
    expect(embedder.dims).toBe(384);
    for (const v of await embedder.embed(texts)) expect(v.length).toBe(384);
  });

  it('is deterministic across instances', async () => {
    const [a, b] = await Promise.all([createEmbedder('hash'), createEmbedder('hash')]);
    const [first, second] = await Promise.all([a.embed(texts), b.embed(texts)]);
    first.forEach((v, i) => expect(Array.from(second[i])).toEqual(Array.from(v)));
  });

  it('returns L2-normalised vectors (and a zero vector for text without content words)', async () => {
    const embedder = await createEmbedder('hash');
    const [moved, question, budget, empty] = await embedder.embed(texts);
    for (const v of [moved, question, budget]) expect(l2Norm(v)).toBeCloseTo(1, 5);
    expect(l2Norm(empty)).toBe(0);
  });

  it('scores texts sharing words above texts sharing none', async () => {
    const embedder = await createEmbedder('hash');
    const [moved, question, budget] = await embedder.embed(texts);
    expect(dot(moved, question)).toBeGreaterThan(dot(moved, budget) + 0.1);
    expect(dot(question, budget)).toBeLessThan(dot(question, moved));
  });
});
