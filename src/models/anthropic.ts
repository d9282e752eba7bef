import { performance } from 'node:perf_hooks';
// Type-only: the SDK takes ~0.9 s to import, so it is loaded on the first call (loadSdk), not
// when the CLI starts; runs on the offline model never pay for it.
import type Anthropic from '@anthropic-ai/sdk';
import type { MessageParam, TextBlockParam } from '@anthropic-ai/sdk/resources/messages/messages';
import { z } from 'zod';
import { MemevalError } from '../errors.js';
import { modelCallError } from './anthropic-errors.js';
import { addSecret, addUrlSecrets, scrubSecrets } from '../util/secrets.js';
import { backoffMs, MAX_RETRY_WAIT_MS, retriedStatus, serverWaitMs, sleep } from './retry.js';
import {
  DEFAULT_MAX_TOKENS,
  type ChatModel,
  type ChatRequest,
  type ModelReply,
  type TokenCountRequest,
} from './types.js';

/** Settings of the Anthropic provider. Flags and environment resolve into these once. */
export interface AnthropicOptions {
  /** @default process.env.ANTHROPIC_API_KEY */
  apiKey?: string;
  /** @default process.env.ANTHROPIC_BASE_URL, else the SDK's https://api.anthropic.com */
  baseURL?: string;
  /** Retries of 408/409/429/5xx/529 and timeouts, with the SDK's backoff (honours retry-after). @default 3 */
  maxRetries?: number;
  /** Per attempt, not for all retries together. @default 60000 */
  timeoutMs?: number;
  /** Marks the system prompt and the last history message with `cache_control` (5-minute cache). @default false */
  promptCache?: boolean;
  /**
   * Whether a missing key is an error at construction. Only `--cache replay` turns this off: it
   * never calls the API, so CI can run without a key; a call that does happen then fails.
   * @default true
   */
  requireKey?: boolean;
  /** Where ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL are read from. @default process.env */
  env?: NodeJS.ProcessEnv;
}

export const DEFAULT_MAX_RETRIES = 3;
export const DEFAULT_TIMEOUT_MS = 60_000;
/** Ten minutes: the SDK's own limit for a non-streaming call, and far below the 2^31−1 ms a Node timer can hold. */
export const MAX_TIMEOUT_MS = 600_000;
/** With the backoff capped at 8 s and waits at MAX_RETRY_WAIT_MS, ten retries already span minutes. */
export const MAX_RETRIES = 10;

/**
 * The part of a Messages API response memeval relies on, validated so a malformed body is a
 * clear error instead of `undefined` tokens. Not strict: the API adds fields over time.
 */
const MessageResponse = z.object({
  content: z.array(z.object({ type: z.string(), text: z.string().optional() })),
  stop_reason: z.string().nullable(),
  usage: z.object({
    input_tokens: z.number().int().nonnegative(),
    output_tokens: z.number().int().nonnegative(),
    cache_creation_input_tokens: z.number().int().nonnegative().nullish(),
    cache_read_input_tokens: z.number().int().nonnegative().nullish(),
  }),
});

const CountResponse = z.object({ input_tokens: z.number().int().nonnegative() });

const EPHEMERAL = { type: 'ephemeral' } as const;

/**
 * A Claude model through @anthropic-ai/sdk. Usage is exact (from each response), including
 * cache writes and reads, which `input_tokens` does not include. The key is checked at
 * construction so a run without one stops before anything runs.
 */
export class AnthropicModel implements ChatModel {
  readonly provider = 'anthropic' as const;
  readonly cacheParams: Readonly<Record<string, unknown>>;
  /** Made on the first call (the SDK is imported then); calls without a key fail with MISSING_API_KEY. */
  private client: Promise<{ client: Anthropic; sdk: Sdk }> | null = null;
  private readonly baseURL: string | null;
  private readonly apiKey: string;
  private readonly promptCache: boolean;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;

  constructor(
    readonly id: string,
    options: AnthropicOptions = {},
  ) {
    const env = options.env ?? process.env;
    const apiKey = (options.apiKey ?? env.ANTHROPIC_API_KEY ?? '').trim();
    if (apiKey === '' && options.requireKey !== false) throw missingKey(id);
    this.apiKey = apiKey;
    this.promptCache = options.promptCache ?? false;
    this.timeoutMs = bounded('timeoutMs', options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 1, MAX_TIMEOUT_MS);
    this.maxRetries = bounded('maxRetries', options.maxRetries ?? DEFAULT_MAX_RETRIES, 0, MAX_RETRIES);
    // Prompt caching changes usage (cache writes/reads), so it is part of the record/replay key.
    this.cacheParams = { promptCache: this.promptCache };
    // Null (not undefined) so the SDK does not read process.env behind `env`'s back; it then
    // uses its default URL. An empty string counts as not set.
    this.baseURL = options.baseURL || env.ANTHROPIC_BASE_URL || null;
    // Whatever reaches this model, from the environment or from code, is a secret of the process.
    addSecret(apiKey);
    addUrlSecrets(this.baseURL);
  }

  async complete(request: ChatRequest): Promise<ModelReply> {
    const started = performance.now();
    const raw = await this.withRetries((client, options) =>
      client.messages.create(
        {
          model: this.id,
          max_tokens: request.maxTokens ?? DEFAULT_MAX_TOKENS,
          ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
          ...this.prompt(request),
        },
        options,
      ),
    );
    const latencyMs = performance.now() - started;
    const parsed = MessageResponse.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new MemevalError(
        'MODEL_CALL_FAILED',
        `${this.id}: malformed Messages API response: ${issue.path.join('.') || '(body)'}: ${issue.message}`,
      );
    }
    const { content, stop_reason, usage } = parsed.data;
    return {
      // Scrubbed where text leaves the model layer: an API or proxy echoing the key back in a
      // successful reply must not carry it into results, recordings, the chat database or stdout.
      text: scrubSecrets(content.map((b) => (b.type === 'text' ? (b.text ?? '') : '')).join('')),
      usage: {
        inputTokens: usage.input_tokens,
        outputTokens: usage.output_tokens,
        cacheWriteTokens: usage.cache_creation_input_tokens ?? 0,
        cacheReadTokens: usage.cache_read_input_tokens ?? 0,
      },
      stopReason: stop_reason ?? 'unknown',
      latencyMs,
      cached: false,
      usageExact: true,
    };
  }

  /**
   * Exact input tokens of a request from `messages.countTokens` (free, but rate limited and one
   * HTTP round trip; the SDK retries 429/5xx like a messages call). Budgeting uses it only when
   * asked (`--token-count exact`); the default is the 4-characters-per-token estimate.
   */
  async countTokens(request: TokenCountRequest): Promise<number> {
    const raw = await this.withRetries((client, options) =>
      client.messages.countTokens({ model: this.id, ...this.prompt(request) }, options),
    );
    const parsed = CountResponse.safeParse(raw);
    if (!parsed.success)
      throw new MemevalError(
        'MODEL_CALL_FAILED',
        `${this.id}: malformed count_tokens response: ${parsed.error.issues[0].message}`,
      );
    return parsed.data.input_tokens;
  }

  /**
   * One call with memeval's retry policy (src/models/retry.ts): each attempt ends at its
   * deadline, `timeoutMs` after it starts, whether the reply's headers or its body are late; 408,
   * 409, 429 and 5xx are retried up to `maxRetries` times after the server's `retry-after` or a
   * backoff, but a server asking for more than MAX_RETRY_WAIT_MS fails the call at once.
   */
  private async withRetries<T>(
    send: (client: Anthropic, options: { signal: AbortSignal; timeout: number; maxRetries: 0 }) => PromiseLike<T>,
  ): Promise<T> {
    const { client, sdk } = await this.connected();
    for (let retry = 0; ; retry++) {
      const deadline = new AbortController();
      const timer = setTimeout(() => deadline.abort(), this.timeoutMs);
      let failure: unknown;
      try {
        return await send(client, { signal: deadline.signal, timeout: this.timeoutMs, maxRetries: 0 });
      } catch (err) {
        failure = err;
      } finally {
        clearTimeout(timer);
      }
      const timedOut = deadline.signal.aborted;
      const status = failure instanceof sdk.APIError ? failure.status : undefined;
      const retryable =
        timedOut ||
        failure instanceof sdk.APIConnectionError ||
        (failure instanceof sdk.APIError &&
          retriedStatus(status) &&
          failure.headers?.get('x-should-retry') !== 'false');
      const context = { apiKey: this.apiKey, timeoutMs: this.timeoutMs, retries: retry, timedOut };
      if (!retryable || retry >= this.maxRetries) throw modelCallError(sdk, this.id, failure, context);
      const asked = failure instanceof sdk.APIError ? serverWaitMs(failure.headers) : undefined;
      if (asked !== undefined && asked > MAX_RETRY_WAIT_MS)
        throw modelCallError(sdk, this.id, failure, { ...context, refusedWaitMs: asked });
      await sleep(asked ?? backoffMs(retry));
    }
  }

  private connected(): Promise<{ client: Anthropic; sdk: Sdk }> {
    if (this.apiKey === '') return Promise.reject(missingKey(this.id));
    this.client ??= loadSdk().then((sdk) => ({
      sdk,
      client: new sdk.default({
        apiKey: this.apiKey,
        baseURL: this.baseURL,
        // Retries and the deadline are memeval's (withRetries): the SDK would honour an hour-long retry-after.
        maxRetries: 0,
        timeout: this.timeoutMs,
        // The SDK's own retry/log lines are not memeval's output; errors come back as MemevalErrors.
        logLevel: 'off',
      }),
    }));
    return this.client;
  }

  /** System and messages in API form, with cache breakpoints when prompt caching is on. */
  private prompt(request: TokenCountRequest): { system?: string | TextBlockParam[]; messages: MessageParam[] } {
    const messages: MessageParam[] = request.messages.map((m) => ({ role: m.role, content: m.content }));
    if (!this.promptCache) return { ...(request.system ? { system: request.system } : {}), messages };
    // Breakpoints on the system prompt and on the last history message (the one before the new
    // question): the prefix up to there is what the next call of the conversation repeats.
    const lastHistory = messages.length - 2;
    if (lastHistory >= 0) {
      const m = messages[lastHistory];
      messages[lastHistory] = {
        role: m.role,
        content: [{ type: 'text', text: m.content as string, cache_control: EPHEMERAL }],
      };
    }
    return {
      ...(request.system ? { system: [{ type: 'text', text: request.system, cache_control: EPHEMERAL }] } : {}),
      messages,
    };
  }
}

type Sdk = typeof import('@anthropic-ai/sdk');
let sdkModule: Promise<Sdk> | null = null;

/** Imports the SDK once per process, on first use. */
function loadSdk(): Promise<Sdk> {
  return (sdkModule ??= import('@anthropic-ai/sdk'));
}

/** The library's check of what the CLI checks at the flag: a whole number in range (no overflowing timer). */
function bounded(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new MemevalError('USAGE', `anthropic.${name} must be a whole number from ${min} to ${max} (got ${value})`);
  return value;
}

function missingKey(id: string): MemevalError {
  return new MemevalError(
    'MISSING_API_KEY',
    `model "${id}" needs an Anthropic API key: set ANTHROPIC_API_KEY (nothing was run). ` +
      'Without a key, use --model offline, or (memeval run) --cache replay with recordings in .memeval/cache.',
  );
}
