import { createEmbedder, DEFAULT_EMBEDDER } from '../embedders/registry.js';
import type { Summarizer } from '../models/types.js';
import { OfflineModel } from '../models/offline.js';
import type { TokenCountMode } from '../models/token-count.js';
import { estimateCounter, exactStoredCounter } from '../tokens.js';
import type { StrategyDeps } from './types.js';

export interface DepsOptions {
  /** An embedder name from the registry, e.g. `auto` (minilm when its files are present, else hash). @default DEFAULT_EMBEDDER (hash) */
  embedder?: string;
  modelDir?: string;
  summarizer?: Summarizer;
  /** `exact` when the chatbot stores exact counts, so contexts add those up. @default 'estimate' */
  tokenCount?: TokenCountMode;
  log?: (message: string) => void;
}

/** Builds the shared components strategies use, with the offline summariser as the default. */
export async function buildDeps(options: DepsOptions = {}): Promise<StrategyDeps> {
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  return {
    embedder: await createEmbedder(options.embedder ?? DEFAULT_EMBEDDER, { modelDir: options.modelDir, log }),
    summarizer: options.summarizer ?? new OfflineModel(),
    tokenCounter: options.tokenCount === 'exact' ? exactStoredCounter : estimateCounter,
    log,
  };
}
