import { MemevalError } from '../errors.js';
import { estimateCounter, type AsyncTokenCounter } from '../tokens.js';
import type { ChatModel } from './types.js';

/**
 * How message token counts are made when messages are saved (`--token-count`):
 * - `estimate`: 4 characters per token — free, deterministic, any model (the default);
 * - `exact`: `messages.countTokens` of the cell's own Claude model, through the record/replay cache.
 */
export const TOKEN_COUNT_MODES = ['estimate', 'exact'] as const;
export type TokenCountMode = (typeof TOKEN_COUNT_MODES)[number];

/**
 * Exact token counts from `messages.countTokens` for one model. The text is counted as a single
 * user message, so the count includes the few tokens of message framing the API adds — the
 * same framing a context pays, which is what a budget is for.
 * @throws MemevalError USAGE when the model has no tokenizer to ask (the offline reader): exact
 * counting then cannot be honoured, and a silent fallback would pass estimates off as exact.
 */
export function exactTokenCounter(model: Pick<ChatModel, 'id' | 'countTokens'>): AsyncTokenCounter {
  const count = model.countTokens?.bind(model);
  if (!count) {
    throw new MemevalError(
      'USAGE',
      `--token-count exact: model "${model.id}" has no tokenizer to count with (only Claude models do); use --token-count estimate, or Claude models only`,
    );
  }
  return {
    id: tokenCounterId('exact', model.id),
    count: (text: string) => count({ messages: [{ role: 'user', content: text }] }),
  };
}

/** What run.json says counted a cell's stored messages: `count_tokens:<model>` or the estimate's id. */
export function tokenCounterId(mode: TokenCountMode, modelId: string): string {
  return mode === 'exact' ? `count_tokens:${modelId}` : estimateCounter.id;
}
