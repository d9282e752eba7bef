/** Counts tokens for budgeting. Exact counts come from a real model's usage when there is one. */
export interface TokenCounter {
  readonly id: string;
  count(text: string): number;
  /**
   * True when stored messages' counts are exact (`--token-count exact`): a context then adds up
   * those counts (plus this counter's estimate of date labels and the placeholder turn) instead
   * of re-estimating the text it sends, so the budget holds in exact tokens.
   */
  readonly storedCountsExact?: boolean;
}

/** About four characters per token, the usual rule of thumb for English with Claude's tokenizer; never 0. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

export const estimateCounter: TokenCounter = { id: 'estimate-4cpt', count: estimateTokens };

/** Strategies' counter under `--token-count exact`: stored counts are exact, framing is estimated. */
export const exactStoredCounter: TokenCounter = {
  id: 'count_tokens+estimate-4cpt',
  count: estimateTokens,
  storedCountsExact: true,
};

/**
 * Counts tokens by asking a provider (one HTTP call per count). Budgeting uses an exact
 * counter only when asked; the estimate above stays the default because it is free and
 * deterministic.
 */
export interface AsyncTokenCounter {
  readonly id: string;
  count(text: string): Promise<number>;
}
