import { MemevalError } from '../errors.js';
import { AnthropicModel, type AnthropicOptions } from './anthropic.js';
import { OFFLINE_MODEL_ID, OfflineModel } from './offline.js';
import type { ChatModel } from './types.js';

export interface ModelOptions {
  log?: (message: string) => void;
  /** Key, base URL, retries, timeout, prompt caching for claude-* models. */
  anthropic?: AnthropicOptions;
}

/** Model providers by id prefix; adding one is one file plus one line here. */
export const MODEL_PROVIDERS: { matches: (id: string) => boolean; create: (id: string, options: ModelOptions) => ChatModel }[] = [
  { matches: (id) => id === OFFLINE_MODEL_ID, create: () => new OfflineModel() },
  { matches: (id) => id.startsWith('claude-'), create: (id, options) => new AnthropicModel(id, options.anthropic) },
];

export function createModel(id: string, options: ModelOptions = {}): ChatModel {
  const provider = MODEL_PROVIDERS.find((p) => p.matches(id));
  if (!provider) throw new MemevalError('UNKNOWN_NAME', `unknown model "${id}"; known: offline, or a Claude model id such as claude-haiku-4-5`);
  return provider.create(id, options);
}
