/** Counts tokens for budgeting. Exact counts come from a real model's usage when there is one. */
export interface TokenCounter {
  readonly id: string;
  count(text: string): number;
}

/** About four characters per token, the usual rule of thumb for English with Claude's tokenizer; never 0. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

export const estimateCounter: TokenCounter = { id: 'estimate-4cpt', count: estimateTokens };

/**
 * Counts tokens by asking a provider (one HTTP call per count). Budgeting uses an exact
 * counter only when asked; the estimate above stays the default because it is free and
 * deterministic.
 */
export interface AsyncTokenCounter {
  readonly id: string;
  count(text: string): Promise<number>;
}
