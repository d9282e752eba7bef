import { createHash } from 'node:crypto';
import { DEFAULT_MAX_TOKENS, type ChatModel, type ChatRequest, type TokenCountRequest } from '../types.js';

/** Bumped when the key material changes, so old recordings stop matching instead of lying. */
export const CACHE_KEY_VERSION = 1;

/** JSON with object keys sorted at every level and undefined fields left out: equal values, equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/**
 * The record/replay key of one call: sha256 of everything that decides the reply — model id,
 * system, messages, output cap, temperature, the model's own settings and which repeat this
 * is — and nothing else. Secrets and endpoints are never part of it (a recording made against
 * one base URL replays anywhere).
 */
export function cacheKey(
  model: Pick<ChatModel, 'id' | 'cacheParams'>,
  request: ChatRequest,
  repeatIndex: number,
): string {
  return hashKey({
    ...promptMaterial(model, request),
    maxTokens: request.maxTokens ?? DEFAULT_MAX_TOKENS,
    temperature: request.temperature ?? null,
    repeatIndex,
  });
}

/**
 * The record/replay key of a `messages.countTokens` call: model, system, messages and the
 * model's settings, marked as a count so it never meets a reply's key. A count is
 * deterministic, so unlike a reply it has no repeat index: every repeat replays one recording.
 */
export function countKey(model: Pick<ChatModel, 'id' | 'cacheParams'>, request: TokenCountRequest): string {
  return hashKey({ ...promptMaterial(model, request), call: 'count_tokens' });
}

function promptMaterial(model: Pick<ChatModel, 'id' | 'cacheParams'>, request: TokenCountRequest) {
  return {
    v: CACHE_KEY_VERSION,
    model: model.id,
    system: request.system ?? null,
    messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
    params: model.cacheParams ?? {},
  };
}

function hashKey(material: Record<string, unknown>): string {
  return createHash('sha256').update(canonicalJson(material)).digest('hex');
}
