/**
 * Quick measurement of src/vector search: p50/p95 latency of top-10 at 1k/10k/100k rows and
 * recall@10 of the pre-filtered search against exact search. Not the `memeval bench` command
 * (a later issue builds that on the same module); this is what chose the defaults.
 *
 *   npx tsx scripts/measure-vector-search.ts [--n 1000,10000,100000] [--queries 200] [--data hash,random,sparse:0.3] [--rerank 0.015] [--simd off] [--context]
 */
import { performance } from 'node:perf_hooks';
import { randomUnitVectors } from '../src/bench/fixtures.js';
import { HashEmbedder } from '../src/embedders/hash.js';
import { mulberry32 as prng } from '../src/util/random.js';
import { VectorIndex, recallAtK, type SearchMethod } from '../src/vector/index.js';

const args = process.argv.slice(2);
const arg = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const sizes = arg('n', '1000,10000,100000').split(',').map(Number);
const queries = Number(arg('queries', '200'));
const kinds = arg('data', 'hash,random').split(',');
const K = 10;
const DIMS = 384;

function gaussianUnit(rand: () => number): Float32Array {
  const v = new Float32Array(DIMS);
  let n = 0;
  for (let j = 0; j < DIMS; j++) {
    const g = Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
    v[j] = g;
    n += g * g;
  }
  n = Math.sqrt(n);
  for (let j = 0; j < DIMS; j++) v[j] /= n;
  return v;
}

const rand = prng(42);
const vocab = Array.from({ length: 3000 }, (_, i) => `w${(i * 2654435761) % 100000}x${i}`);
// Zipf-ish word choice, so texts share common words like real conversation does.
const word = () => vocab[Math.floor(vocab.length * rand() ** 2.5)];
const sentence = () => Array.from({ length: 6 + Math.floor(rand() * 14) }, word).join(' ');
const hash = new HashEmbedder();

function makeData(kind: string, n: number): { rows: Float32Array[]; qs: Float32Array[] } {
  if (kind.startsWith('sparse:')) {
    const density = Number(kind.slice('sparse:'.length));
    return { rows: randomUnitVectors(n, DIMS, 42, density), qs: randomUnitVectors(queries, DIMS, 7, density) };
  }
  if (kind === 'random')
    return {
      rows: Array.from({ length: n }, () => gaussianUnit(rand)),
      qs: Array.from({ length: queries }, () => gaussianUnit(rand)),
    };
  const texts = Array.from({ length: n }, sentence);
  // Queries: a stored text with a third of its words replaced (a paraphrase, lexically).
  const qs = Array.from({ length: queries }, () => {
    const w = texts[Math.floor(rand() * n)].split(' ');
    return hash.embedOne(w.map((x) => (rand() < 0.33 ? word() : x)).join(' '));
  });
  return { rows: texts.map((t) => hash.embedOne(t)), qs };
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

console.log(
  `node ${process.version}, ${DIMS} dims, top-${K}, ${queries} queries per case, pre-filter scorer: ${new VectorIndex(DIMS, { simd: arg('simd', 'on') !== 'off' }).scorer}`,
);
console.log('data       n        method  p50_ms  p95_ms  recall@10  score_ratio  build_ms  rss_mb');
for (const kind of kinds) {
  for (const n of sizes) {
    const { rows, qs } = makeData(kind, n);
    const rerank = arg('rerank', '');
    const index = new VectorIndex(DIMS, {
      ...(rerank ? { rerankFraction: Number(rerank) } : {}),
      simd: arg('simd', 'on') !== 'off',
    });
    const b0 = performance.now();
    rows.forEach((v, i) => index.add(i + 1, v));
    index.search(qs[0], K, 'ternary'); // builds the codes
    if (kind !== 'random') index.search(qs[0], K, 'sparse'); // builds the inverted lists
    const buildMs = performance.now() - b0;
    const exact = qs.map((q) => index.search(q, K, 'exact'));
    for (const method of (kind === 'random'
      ? ['exact', 'ternary']
      : ['exact', 'sparse', 'ternary']) as SearchMethod[]) {
      for (let w = 0; w < 20; w++) index.search(qs[w % qs.length], K, method);
      const times: number[] = [];
      let recall = 0;
      let ratio = 0;
      qs.forEach((q, i) => {
        const t0 = performance.now();
        const hits = index.search(q, K, method);
        times.push(performance.now() - t0);
        recall += recallAtK(hits, exact[i]);
        // Approximate hits carry exact scores (they are re-ranked), so this is the similarity mass kept.
        const sum = (hs: { score: number }[]) => hs.reduce((a, h) => a + h.score, 0);
        ratio += sum(exact[i]) > 0 ? sum(hits) / sum(exact[i]) : 1;
      });
      const rss = process.memoryUsage().rss / 2 ** 20;
      console.log(
        `${kind.padEnd(7)} ${String(n).padEnd(8)} ${method.padEnd(7)} ${pct(times, 50).toFixed(3).padStart(6)}  ${pct(times, 95).toFixed(3).padStart(6)}  ${(recall / qs.length).toFixed(4).padStart(9)}  ${(ratio / qs.length).toFixed(4).padStart(11)}  ${buildMs.toFixed(0).padStart(8)}  ${rss.toFixed(0).padStart(6)}`,
      );
    }
  }
}

// --context: the whole semantic retrieval path through the store (SQLite in memory, hash
// embedder): query embedding, cache refresh check, search, round look-up and packing.
if (args.includes('--context')) {
  const { ManualClock } = await import('../src/clock.js');
  const { ConversationStore } = await import('../src/store/sqlite.js');
  const { buildDeps } = await import('../src/strategy/deps.js');
  const { createStrategy } = await import('../src/strategy/load.js');
  const { loadStrategyDefinition } = await import('../strategies/lookup.js');
  const deps = await buildDeps({ embedder: 'hash', log: () => {} });
  console.log('\nstrategy  n        first_ms  p50_ms  p95_ms   (buildContext, budget 2000 tokens, hash embedder)');
  for (const n of sizes) {
    const clock = new ManualClock(Date.UTC(2024, 0, 1));
    const store = new ConversationStore(':memory:', { clock });
    store.saveAll(
      Array.from({ length: n }, (_, i) => ({
        userId: 'u',
        sessionId: `s${Math.floor(i / 20)}`,
        role: i % 2 ? ('assistant' as const) : ('user' as const),
        content: sentence(),
        createdAtMs: Date.UTC(2024, 0, 1) + i * 60_000,
      })),
    );
    for (const name of ['semantic', 'hybrid']) {
      const strategy = createStrategy(await loadStrategyDefinition(name), {}, deps);
      const req = (query: string) => ({ store, clock, userId: 'u', sessionId: 'now', query, budgetTokens: 2000 });
      const t0 = performance.now();
      await strategy.buildContext(req(sentence())); // embeds every row lazily, then loads the index
      const firstMs = performance.now() - t0;
      const times: number[] = [];
      for (let i = 0; i < queries; i++) {
        const query = sentence();
        const t = performance.now();
        await strategy.buildContext(req(query));
        times.push(performance.now() - t);
      }
      console.log(
        `${name.padEnd(9)} ${String(n).padEnd(8)} ${firstMs.toFixed(0).padStart(8)}  ${pct(times, 50).toFixed(2).padStart(6)}  ${pct(times, 95).toFixed(2).padStart(6)}`,
      );
    }
    store.close();
  }
}
