import { createEmbedder } from '../embedders/registry.js';
import type { Summarizer } from '../models/types.js';
import { OfflineModel } from '../models/offline.js';
import { estimateCounter } from '../tokens.js';
import type { StrategyDeps } from './types.js';

export interface DepsOptions {
  embedder?: string;
  modelDir?: string;
  summarizer?: Summarizer;
  log?: (message: string) => void;
}

/** Builds the shared components strategies use, with the offline summariser as the default. */
export async function buildDeps(options: DepsOptions = {}): Promise<StrategyDeps> {
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  return {
    embedder: await createEmbedder(options.embedder ?? 'hash', { modelDir: options.modelDir, log }),
    summarizer: options.summarizer ?? new OfflineModel(),
    tokenCounter: estimateCounter,
    log,
  };
}
