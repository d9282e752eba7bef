import { EMBEDDERS, createEmbedder, type EmbedderOptions } from '../embedders/registry.js';
import type { Embedder } from '../embedders/types.js';
import type { Summarizer } from '../models/types.js';
import { OfflineModel } from '../models/offline.js';
import { estimateCounter } from '../tokens.js';
import type { StrategyDeps } from './types.js';

export interface DepsOptions {
  /** An embedder name from the registry, or `auto` (minilm when its files are present, else hash). @default 'auto' */
  embedder?: string;
  modelDir?: string;
  summarizer?: Summarizer;
  log?: (message: string) => void;
}

/**
 * Resolves the embedder name strategies use. `auto` goes through the registry's own `auto`
 * entry (minilm when its files are present, else hash, with one log line saying which); a
 * build whose registry has no `auto` yet falls back to hash and says so in one line.
 */
export async function selectEmbedder(name: string, options: EmbedderOptions): Promise<Embedder> {
  if (name === 'auto' && !('auto' in EMBEDDERS)) {
    const hash = await createEmbedder('hash', options);
    options.log?.(`embedder: ${hash.id} (${hash.kind}, ${hash.dims} dims) — no neural embedder in this build`);
    return hash;
  }
  return createEmbedder(name, options);
}

/** Builds the shared components strategies use, with the offline summariser as the default. */
export async function buildDeps(options: DepsOptions = {}): Promise<StrategyDeps> {
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  return {
    embedder: await selectEmbedder(options.embedder ?? 'auto', { modelDir: options.modelDir, log }),
    summarizer: options.summarizer ?? new OfflineModel(),
    tokenCounter: estimateCounter,
    log,
  };
}
