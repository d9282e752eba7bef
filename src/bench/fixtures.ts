import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../clock.js';
import { HashEmbedder } from '../embedders/hash.js';
import { ConversationStore } from '../store/sqlite.js';
import type { NewMessage } from '../store/types.js';
import { Random } from '../util/random.js';

export const BENCH_USER = 'bench-user';
/** Messages per synthetic session (a session is a day of chat). */
const SESSION_MESSAGES = 40;
const DAY_MS = 86_400_000;
const START_MS = Date.UTC(2025, 0, 1);

/**
 * Synthetic conversation text: words drawn Zipf-like from a fixed vocabulary, so messages share
 * common words the way real chat does (which is what makes lexical and hash-vector search hard:
 * many near-ties), plus a few rare "fact" words per message.
 */
export class TextGen {
  private readonly random: Random;
  private readonly vocab: string[];

  constructor(seed = 42) {
    this.random = new Random(seed);
    this.vocab = Array.from(
      { length: 5000 },
      (_, i) =>
        `${SYLLABLES[i % SYLLABLES.length]}${SYLLABLES[Math.floor(i / SYLLABLES.length) % SYLLABLES.length]}${i}`,
    );
  }

  word(): string {
    return this.vocab[Math.floor(this.vocab.length * this.random.float() ** 2.5)];
  }

  sentence(): string {
    return Array.from({ length: this.random.int(6, 20) }, () => this.word()).join(' ');
  }

  /** A stored text with about a third of its words replaced: a lexical paraphrase, as a query. */
  paraphrase(text: string): string {
    return text
      .split(' ')
      .map((w) => (this.random.chance(0.33) ? this.word() : w))
      .join(' ');
  }

  pick<T>(items: readonly T[]): T {
    return this.random.pick(items);
  }
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'ze', 'po', 'da', 'fi', 'gu', 'he', 'jo', 'bi'];

/** `n` alternating user/assistant messages of one user, 40 to a session, a day apart. */
export function syntheticMessages(n: number, gen: TextGen, userId = BENCH_USER, fromIndex = 0): NewMessage[] {
  return Array.from({ length: n }, (_, k) => {
    const i = fromIndex + k;
    const session = Math.floor(i / SESSION_MESSAGES);
    return {
      userId,
      sessionId: `s${session}`,
      role: i % 2 === 0 ? ('user' as const) : ('assistant' as const),
      content: gen.sentence(),
      createdAtMs: START_MS + session * DAY_MS + (i % SESSION_MESSAGES) * 60_000,
      extId: `m${i}`,
    };
  });
}

/** A store in its own temp folder (on disk, as a chatbot's would be), removed by `dispose`. */
export interface BenchStore {
  store: ConversationStore;
  clock: ManualClock;
  dispose(): void;
}

export function openBenchStore(): BenchStore {
  const dir = mkdtempSync(join(tmpdir(), 'memeval-bench-'));
  const clock = new ManualClock(START_MS);
  const store = new ConversationStore(join(dir, 'bench.db'), { clock });
  return {
    store,
    clock,
    dispose() {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Batch size of bulk ingest: one immediate transaction per batch. */
export const BULK_BATCH = 5000;

/** Saves messages in batched transactions (the bulk path). */
export function bulkSave(store: ConversationStore, messages: readonly NewMessage[]): void {
  for (let i = 0; i < messages.length; i += BULK_BATCH) store.saveAll(messages.slice(i, i + BULK_BATCH));
}

/**
 * A store holding `n` messages of one user, and (with `embed`) their hash-embedder vectors:
 * 384-dim vectors of the synthetic text, the same vectors the semantic strategy would make.
 */
export async function filledStore(
  n: number,
  options: { embed: boolean; seed?: number },
): Promise<BenchStore & { texts: string[]; gen: TextGen }> {
  const gen = new TextGen(options.seed ?? 42);
  const bench = openBenchStore();
  const messages = syntheticMessages(n, gen);
  bulkSave(bench.store, messages);
  const last = messages[messages.length - 1];
  if (last?.createdAtMs) bench.clock.set(last.createdAtMs + 60_000);
  if (options.embed) {
    const embedder = new HashEmbedder();
    const stored = bench.store.history(BENCH_USER);
    for (let i = 0; i < stored.length; i += BULK_BATCH) {
      const batch = stored.slice(i, i + BULK_BATCH);
      bench.store.setEmbeddings(
        BENCH_USER,
        embedder.id,
        batch.map((m) => ({ id: m.id, vector: embedder.embedOne(m.content) })),
      );
    }
  }
  return { ...bench, texts: messages.map((m) => m.content), gen };
}

/**
 * Seeded random unit vectors (Gaussian directions): the case with no structure to exploit or trip
 * on. With `density` < 1 each component is non-zero with that probability (sparse rows, like
 * hashed features); 1 draws exactly the dense vectors it always did.
 */
export function randomUnitVectors(count: number, dims: number, seed: number, density = 1): Float32Array[] {
  const random = new Random(seed);
  return Array.from({ length: count }, () => {
    const v = new Float32Array(dims);
    let norm = 0;
    for (let j = 0; j < dims; j++) {
      if (density < 1 && random.float() >= density) continue;
      const g = Math.sqrt(-2 * Math.log(random.float() + 1e-12)) * Math.cos(2 * Math.PI * random.float());
      v[j] = g;
      norm += g * g;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (let j = 0; j < dims; j++) v[j] /= norm;
    return v;
  });
}

/**
 * A fresh store before every timed call, for cases that use up their input (bulk ingest into an
 * empty store, compaction of a backlog): `reset` is the untimed beforeEach, `fill` its set-up.
 */
export function freshStores(fill: (bench: BenchStore) => void = () => {}): {
  current: () => BenchStore;
  reset: () => void;
  dispose: () => void;
} {
  let bench: BenchStore | null = null;
  return {
    current: () => bench!,
    reset() {
      bench?.dispose();
      bench = openBenchStore();
      fill(bench);
    },
    dispose: () => bench?.dispose(),
  };
}
