import { MemevalError } from '../errors.js';
import { AnthropicModel, type AnthropicOptions } from './anthropic.js';
import { OFFLINE_MODEL_ID, OfflineModel } from './offline.js';
import type { ChatModel } from './types.js';

export interface ModelOptions {
  log?: (message: string) => void;
  /** Key, base URL, retries, timeout, prompt caching for claude-* models. */
  anthropic?: AnthropicOptions;
}

/** A source of reader models; its models' `provider` is its `id`. */
export interface ModelProvider {
  /** Recorded in the model_provider column and run.json. */
  readonly id: string;
  /** How its numbers must be read, written into run.json and the report beside each of its models. */
  readonly note: string;
  /** Whether a `--model` id is one of its models. */
  matches(modelId: string): boolean;
  create(modelId: string, options: ModelOptions): ChatModel;
}

/**
 * Model providers, tried in order; adding one is one file plus one line here. Everything but
 * `offline` is treated as a paid, non-deterministic API: recorded and replayed by the cache,
 * limited in concurrency and charged to the spend cap (src/models/stack.ts).
 */
export const MODEL_PROVIDERS: readonly ModelProvider[] = [
  {
    id: 'offline',
    note: 'offline reader proxy: a deterministic extractive reader, not a language model and not Claude',
    matches: (id) => id === OFFLINE_MODEL_ID,
    create: () => new OfflineModel(),
  },
  {
    id: 'anthropic',
    note: 'Claude via the Anthropic Messages API',
    matches: (id) => id.startsWith('claude-'),
    create: (id, options) => new AnthropicModel(id, options.anthropic),
  },
];

/** The note of a provider id, for reports; the id itself for one no longer registered. */
export function providerNote(providerId: string): string {
  return MODEL_PROVIDERS.find((p) => p.id === providerId)?.note ?? providerId;
}

export function createModel(id: string, options: ModelOptions = {}): ChatModel {
  const provider = MODEL_PROVIDERS.find((p) => p.matches(id));
  if (!provider)
    throw new MemevalError(
      'UNKNOWN_NAME',
      `unknown model "${id}"; known: offline, or a Claude model id such as claude-haiku-4-5`,
    );
  return provider.create(id, options);
}
