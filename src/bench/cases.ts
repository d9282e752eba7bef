import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STRATEGIES } from '../../strategies/index.js';
import { HashEmbedder } from '../embedders/hash.js';
import { runMatrix } from '../runner/run.js';
import { PACKAGE_ROOT } from '../util/package-root.js';
import { buildDeps } from '../strategy/deps.js';
import type { ContextRequest, MemoryStrategy } from '../strategy/types.js';
import { VectorIndex, recallAtK } from '../vector/index.js';
import {
  BENCH_USER,
  bulkSave,
  type filledStore,
  freshStores,
  randomUnitVectors,
  syntheticMessages,
  TextGen,
} from './fixtures.js';

/** What a case hands the runner for one size: the timed function and its untimed hooks. */
export interface CasePlan {
  /** What ops_per_s counts for this case. */
  unit: string;
  /** Units one call of `fn` does (a bulk call saves n messages). */
  unitsPerCall: number;
  fn: () => unknown;
  /** Untimed, before every call (e.g. a fresh store for a case that consumes its input). */
  beforeEach?: () => void | Promise<void>;
  /** Figures measured once beside the timing, e.g. recall@10 against exact search. */
  extra?: Record<string, number | string>;
  dispose?: () => void;
}

/** Fixtures shared by the cases of one size (filling and embedding 100k messages takes seconds). */
export interface CaseContext {
  fixture(n: number, embed: boolean): Promise<Awaited<ReturnType<typeof filledStore>>>;
}

export interface BenchCase {
  description: string;
  /** False for cases whose size is fixed (the built-in suite): they run once, with n = 1. */
  sized: boolean;
  /** Minimum timed calls (tinybench `iterations`); slow cases ask for few. */
  iterations: number;
  prepare(n: number, ctx: CaseContext): Promise<CasePlan>;
}

const TOP_K = 10;
const BUDGET_TOKENS = 2000;
const QUERIES = 64;
/** Queries used for recall@10 of the fast search against exact search. */
const RECALL_QUERIES = 200;
const BIN = join(PACKAGE_ROOT, 'bin/memeval.js');

/** Paraphrased stored texts (a third of the words replaced), the way a user re-asks about a past turn. */
function queryTexts(fx: { texts: string[]; gen: TextGen }, count: number): string[] {
  return Array.from({ length: count }, () => fx.gen.paraphrase(fx.gen.pick(fx.texts)));
}

/** A strategy over a filled store, called with rotating queries in the newest session. */
async function strategyPlan(
  name: keyof typeof STRATEGIES,
  n: number,
  ctx: CaseContext,
  embed: boolean,
): Promise<CasePlan> {
  const fx = await ctx.fixture(n, embed);
  const deps = await buildDeps({ embedder: 'hash', log: () => {} });
  const strategy: MemoryStrategy = STRATEGIES[name].create(STRATEGIES[name].options.parse({}) as never, deps);
  const sessionId = `s${Math.floor((n - 1) / 40)}`;
  const queries = queryTexts(fx, QUERIES);
  let i = 0;
  const request = (): ContextRequest => ({
    store: fx.store,
    userId: BENCH_USER,
    sessionId,
    query: queries[i++ % queries.length],
    budgetTokens: BUDGET_TOKENS,
    clock: fx.clock,
  });
  return { unit: 'contexts', unitsPerCall: 1, fn: () => strategy.buildContext(request()) };
}

/**
 * The in-memory vector index as the semantic strategy holds it, `method` fixed, over either the
 * hash-embedder vectors of a filled store (queries: paraphrased stored texts) or random unit
 * vectors (queries: random too). Recall@10 against exact search is measured once beside it.
 */
async function searchPlan(
  n: number,
  ctx: CaseContext,
  method: 'auto' | 'exact',
  data: 'hash' | 'random',
): Promise<CasePlan> {
  const embedder = new HashEmbedder();
  const index = new VectorIndex(embedder.dims);
  const queryCount = Math.max(QUERIES, RECALL_QUERIES);
  let queries: Float32Array[];
  if (data === 'hash') {
    const fx = await ctx.fixture(n, true);
    for (const r of fx.store.embeddings(BENCH_USER, embedder.id)) index.add(r.id, r.vector);
    queries = queryTexts(fx, queryCount).map((q) => embedder.embedOne(q));
  } else {
    randomUnitVectors(n, embedder.dims, 42).forEach((v, i) => index.add(i + 1, v));
    queries = randomUnitVectors(queryCount, embedder.dims, 7);
  }
  let i = 0;
  const extra: Record<string, number | string> = { method: index.methodFor(method) };
  if (method === 'auto') {
    const recall = queries
      .slice(0, RECALL_QUERIES)
      .map((q) => recallAtK(index.search(q, TOP_K), index.search(q, TOP_K, 'exact')));
    extra.recall_at_10 = recall.reduce((s, r) => s + r, 0) / recall.length;
    if (extra.method === 'ternary') extra.scorer = index.scorer;
  }
  return { unit: 'queries', unitsPerCall: 1, fn: () => index.search(queries[i++ % QUERIES], TOP_K, method), extra };
}

/**
 * Benchmark cases by name; adding one is one entry here. `n` is the user's history size
 * (messages), except for save-bulk (messages per call) and the suite cases (fixed).
 */
export const BENCH_CASES = {
  'save-chat': {
    description: 'Chat path: one turn (user + reply) per durable immediate transaction, into a history of n',
    sized: true,
    iterations: 200,
    async prepare(n, ctx) {
      const fx = await ctx.fixture(n, false);
      let next = n;
      return {
        unit: 'messages',
        unitsPerCall: 2,
        fn: () => fx.store.saveAll(syntheticMessages(2, fx.gen, BENCH_USER, (next += 2))),
      };
    },
  },
  'save-bulk': {
    description: 'Bulk path: n messages into a fresh store, in transactions of 5000',
    sized: true,
    iterations: 5,
    async prepare(n) {
      const messages = syntheticMessages(n, new TextGen(7));
      const stores = freshStores();
      return {
        unit: 'messages',
        unitsPerCall: n,
        beforeEach: stores.reset,
        fn: () => bulkSave(stores.current().store, messages),
        dispose: stores.dispose,
      };
    },
  },
  recency: {
    description: 'Recency context (2000-token budget) over a history of n',
    sized: true,
    iterations: 64,
    prepare: (n, ctx) => strategyPlan('recency', n, ctx, false),
  },
  'vector-search': {
    description:
      'Top-10 of the in-memory index (auto: exact below 1024 rows; above, exact sparse lists for sparse rows, else ternary pre-filter + exact re-rank) over n hash vectors',
    sized: true,
    iterations: 64,
    prepare: (n, ctx) => searchPlan(n, ctx, 'auto', 'hash'),
  },
  'vector-exact': {
    description: 'Top-10 by exact scan over n hash vectors (the reference for recall)',
    sized: true,
    iterations: 32,
    prepare: (n, ctx) => searchPlan(n, ctx, 'exact', 'hash'),
  },
  'vector-search-random': {
    description: 'As vector-search, over n random unit vectors (384 dims) with random queries',
    sized: true,
    iterations: 64,
    prepare: (n, ctx) => searchPlan(n, ctx, 'auto', 'random'),
  },
  semantic: {
    description: 'Semantic strategy context: embed the query, search n vectors, fetch rounds, pack 2000 tokens',
    sized: true,
    iterations: 64,
    prepare: (n, ctx) => strategyPlan('semantic', n, ctx, true),
  },
  hybrid: {
    description: 'Hybrid strategy context: BM25 (FTS5) + cosine over n, fused by RRF, packed',
    sized: true,
    iterations: 64,
    prepare: (n, ctx) => strategyPlan('hybrid', n, ctx, true),
  },
  summary: {
    description: 'Summary compaction: roll up a backlog of n unsummarised messages (offline summariser)',
    sized: true,
    iterations: 3,
    async prepare(n) {
      const deps = await buildDeps({ embedder: 'hash', log: () => {} });
      const strategy = STRATEGIES.summary.create(STRATEGIES.summary.options.parse({}), deps);
      const messages = syntheticMessages(n, new TextGen(11));
      let event: Parameters<NonNullable<MemoryStrategy['afterSave']>>[0];
      const stores = freshStores((bench) => {
        bulkSave(bench.store, messages);
        const last = bench.store.recent(BENCH_USER, { limit: 2 }).reverse();
        event = {
          store: bench.store,
          userId: BENCH_USER,
          sessionId: last[0].sessionId,
          messages: last,
          clock: bench.clock,
        };
      });
      return {
        unit: 'messages',
        unitsPerCall: n,
        beforeEach: stores.reset,
        fn: () => strategy.afterSave!(event),
        dispose: stores.dispose,
      };
    },
  },
  suite: {
    description: 'The built-in suite, all strategies, offline model, in process (runMatrix, no files written)',
    sized: false,
    iterations: 3,
    async prepare() {
      return { unit: 'runs', unitsPerCall: 1, fn: () => runMatrix({ outDir: null, log: () => {} }) };
    },
  },
  'suite-cli': {
    description:
      'The built-in suite through the CLI (node bin/memeval.js run): wall time including startup and report files',
    sized: false,
    iterations: 3,
    async prepare() {
      const out = mkdtempSync(join(tmpdir(), 'memeval-bench-cli-'));
      return {
        unit: 'runs',
        unitsPerCall: 1,
        fn() {
          const r = spawnSync(process.execPath, [BIN, 'run', '--out', out], { encoding: 'utf8' });
          if (r.status !== 0) throw new Error(`memeval run exited ${r.status}: ${r.stderr.slice(-500)}`);
        },
        dispose: () => rmSync(out, { recursive: true, force: true }),
      };
    },
  },
  'node-start': {
    description: 'Peer for the CLI cases: a bare `node -e 0` process, start to exit',
    sized: false,
    iterations: 10,
    prepare: async () => processPlan(['-e', '0'], 'exit'),
  },
  'cli-version': {
    description: 'CLI start: `memeval --version`, start to exit (compare with node-start)',
    sized: false,
    iterations: 10,
    prepare: async () => processPlan([BIN, '--version'], 'exit'),
  },
  'cli-first-line': {
    description: 'CLI start of a run: `memeval run --scenario profile-fact`, start to its first output line',
    sized: false,
    iterations: 10,
    async prepare() {
      const out = mkdtempSync(join(tmpdir(), 'memeval-bench-first-line-'));
      return {
        ...(await processPlan([BIN, 'run', '--scenario', 'profile-fact', '--out', out], 'first-line')),
        dispose: () => rmSync(out, { recursive: true, force: true }),
      };
    },
  },
} satisfies Record<string, BenchCase>;

/**
 * A child node process timed until it exits, or until it prints its first line (stdout or
 * stderr); the process is then left to finish untimed, so the next call never overlaps it.
 */
async function processPlan(args: string[], until: 'exit' | 'first-line'): Promise<CasePlan> {
  let finishing: Promise<void> = Promise.resolve();
  return {
    unit: 'starts',
    unitsPerCall: 1,
    beforeEach: () => finishing,
    fn: () =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
        const onData = () => {
          if (until === 'first-line') resolve();
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        child.on('error', reject);
        finishing = new Promise((done) =>
          child.on('close', (status) => {
            if (status !== 0) reject(new Error(`node ${args.join(' ')} exited ${status}`));
            resolve();
            done();
          }),
        );
      }),
  };
}

export type BenchCaseName = keyof typeof BENCH_CASES;
export const DEFAULT_SIZES = [1000, 10_000, 100_000];
