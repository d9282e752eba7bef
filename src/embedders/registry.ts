import { MemevalError } from '../errors.js';
import { createAutoEmbedder } from './auto.js';
import { HashEmbedder } from './hash.js';
import { MiniLmEmbedder } from './minilm.js';
import type { Embedder } from './types.js';

export interface EmbedderOptions {
  /** Folder holding local model files (neural embedders). */
  modelDir?: string;
  log?: (message: string) => void;
  /** Let `minilm` download its files when absent (else MEMEVAL_ALLOW_DOWNLOAD=1 decides). */
  allowDownload?: boolean;
}

/** Built-in embedders by name; adding one is one file plus one line here. */
export const EMBEDDERS = {
  hash: async (_options: EmbedderOptions): Promise<Embedder> => new HashEmbedder(),
  minilm: (options: EmbedderOptions): Promise<Embedder> => MiniLmEmbedder.load(options),
  /** minilm when its files are present, else hash; logs one line saying which. */
  auto: (options: EmbedderOptions): Promise<Embedder> => createAutoEmbedder(options),
} satisfies Record<string, (options: EmbedderOptions) => Promise<Embedder>>;

export type EmbedderName = keyof typeof EMBEDDERS;

/**
 * The embedder when none is named, for `run`, `chat` and the library alike. `hash`, not `auto`:
 * a run's numbers must not change with which model files happen to be on the machine, and hash
 * needs nothing installed or downloaded. `--embedder auto` or `minilm` asks for the neural one.
 */
export const DEFAULT_EMBEDDER: EmbedderName = 'hash';

export async function createEmbedder(name: string, options: EmbedderOptions = {}): Promise<Embedder> {
  const factory = (EMBEDDERS as Record<string, (o: EmbedderOptions) => Promise<Embedder>>)[name];
  if (!factory) {
    throw new MemevalError('UNKNOWN_NAME', `unknown embedder "${name}"; known: ${Object.keys(EMBEDDERS).join(', ')}`);
  }
  return factory(options);
}
