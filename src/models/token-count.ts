import type { AsyncTokenCounter } from '../tokens.js';
import type { AnthropicModel } from './anthropic.js';

/**
 * Exact token counts from `messages.countTokens` for one model. The text is counted as a single
 * user message, so the count includes the few tokens of message framing the API adds — the
 * same framing a context pays, which is what a budget is for.
 */
export function exactTokenCounter(model: Pick<AnthropicModel, 'id' | 'countTokens'>): AsyncTokenCounter {
  return {
    id: `count_tokens:${model.id}`,
    count: (text: string) => model.countTokens({ messages: [{ role: 'user', content: text }] }),
  };
}
