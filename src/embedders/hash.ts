import { STOP_WORDS, lightStem, words } from '../util/text.js';
import type { Embedder } from './types.js';

export const HASH_DIMS = 384;

/** FNV-1a, 32-bit: fast, stable across platforms and Node versions. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Relative weight of each feature family: whole words say most, trigrams catch word variants. */
const WEIGHTS = { word: 1, bigram: 0.6, trigram: 0.35 } as const;

/**
 * A lexical embedder that needs no download: hashed features of normalised words, word bigrams
 * and character trigrams, sublinear term weighting, signed hashing, L2-normalised, 384 dims.
 * It finds shared words and word forms, not meaning; reports call it lexical, never neural.
 */
export class HashEmbedder implements Embedder {
  readonly id = 'hash-384-v1';
  readonly dims = HASH_DIMS;
  readonly kind = 'lexical' as const;

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    return texts.map((t) => this.embedOne(t));
  }

  embedOne(text: string): Float32Array {
    const counts = new Map<string, number>();
    const add = (feature: string) => counts.set(feature, (counts.get(feature) ?? 0) + 1);
    const terms = words(text)
      .filter((w) => !STOP_WORDS.has(w))
      .map(lightStem);
    terms.forEach((w, i) => {
      add(`w:${w}`);
      if (i > 0) add(`b:${terms[i - 1]}_${w}`);
      const padded = `<${w}>`;
      for (let j = 0; j + 3 <= padded.length; j++) add(`t:${padded.slice(j, j + 3)}`);
    });
    const v = new Float32Array(this.dims);
    for (const [feature, tf] of counts) {
      const family = feature[0] === 'w' ? WEIGHTS.word : feature[0] === 'b' ? WEIGHTS.bigram : WEIGHTS.trigram;
      const h = fnv1a(feature);
      // The top bit picks the sign so colliding features cancel on average instead of piling up.
      const sign = h & 0x80000000 ? -1 : 1;
      v[h % this.dims] += sign * family * (1 + Math.log(tf));
    }
    let norm = 0;
    for (let i = 0; i < v.length; i++) norm += v[i] * v[i];
    norm = Math.sqrt(norm);
    if (norm > 0) for (let i = 0; i < v.length; i++) v[i] /= norm;
    return v;
  }
}
