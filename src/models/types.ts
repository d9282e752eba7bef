/** One message as the Messages API takes it: user first, roles alternating. */
export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

/** Output cap when a request gives none. */
export const DEFAULT_MAX_TOKENS = 512;

export interface ChatRequest {
  system?: string;
  messages: ChatMessage[];
  /** @default DEFAULT_MAX_TOKENS (512) */
  maxTokens?: number;
  temperature?: number;
}

export interface ModelUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

export interface ModelReply {
  text: string;
  usage: ModelUsage;
  /** As the API reports it: `end_turn`, `max_tokens`, … */
  stopReason: string;
  latencyMs: number;
  /** True when the reply was replayed from the record/replay cache. */
  cached: boolean;
  /** Whether `usage` is exact (from the API) or an estimate. */
  usageExact: boolean;
}

/** A reader model the chatbot calls. `id` appears in every report row. */
export interface ChatModel {
  readonly id: string;
  /**
   * The `id` of its entry in MODEL_PROVIDERS (src/models/registry.ts): `offline` (a deterministic
   * reader proxy, never to be reported as Claude), `anthropic`, or one added there.
   */
  readonly provider: string;
  /**
   * Settings that change the reply or its usage beyond the request itself (e.g. prompt caching).
   * Part of the record/replay key, so they must never hold secrets or endpoints.
   */
  readonly cacheParams?: Readonly<Record<string, unknown>>;
  complete(request: ChatRequest): Promise<ModelReply>;
  /**
   * Exact input tokens of a request by the provider's own tokenizer (`messages.countTokens`).
   * Absent when the provider has none (the offline reader): `--token-count exact` refuses it.
   */
  countTokens?(request: TokenCountRequest): Promise<number>;
}

/** What a token count depends on: the prompt, not the output cap or sampling. */
export type TokenCountRequest = Pick<ChatRequest, 'system' | 'messages'>;

/** Compresses text for the summary strategy. */
export interface Summarizer {
  readonly id: string;
  /**
   * The summary and what it took. `costUsd` is the call's list-price cost; absent or null when
   * unpriced (the offline summariser calls no model).
   */
  summarize(text: string, maxTokens: number): Promise<{ text: string; usage: ModelUsage; costUsd?: number | null }>;
}

export const ZERO_USAGE: ModelUsage = Object.freeze({
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
});
