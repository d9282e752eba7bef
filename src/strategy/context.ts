import { formatDateLabel } from '../clock.js';
import { PLACEHOLDER_USER_TURN, repairAlternation } from '../chat/alternation.js';
import type { ChatMessage } from '../models/types.js';
import type { StoredMessage } from '../store/types.js';
import type { TokenCounter } from '../tokens.js';
import type { MemoryContext } from './types.js';

/** A user turn and the assistant turns that answer it; strategies keep or drop rounds whole. */
export type Round = StoredMessage[];

/** Groups chronological messages into rounds: each user turn starts one; a leading reply stands alone. */
export function toRounds(messages: readonly StoredMessage[]): Round[] {
  const rounds: Round[] = [];
  for (const m of messages) {
    if (m.role === 'user' || rounds.length === 0) rounds.push([m]);
    else rounds.at(-1)!.push(m);
  }
  return rounds;
}

export function renderTurn(m: StoredMessage, withDate: boolean): string {
  return withDate ? `[${formatDateLabel(m.createdAtMs)}] ${m.content}` : m.content;
}

/** Tokens a message costs in a context, using the count stored at save time. */
export function turnTokens(m: StoredMessage, counter: TokenCounter, withDate: boolean): number {
  return m.tokenCount + (withDate ? counter.count(`[${formatDateLabel(m.createdAtMs)}] `) : 0);
}

export function roundTokens(round: Round, counter: TokenCounter, withDate: boolean): number {
  return round.reduce((s, m) => s + turnTokens(m, counter, withDate), 0);
}

export interface AssembleOptions {
  counter: TokenCounter;
  budgetTokens: number;
  withDates: boolean;
  system?: string;
  /** Ids credited besides those of the rounds (e.g. what a summary covers). */
  extraIds?: readonly number[];
}

/**
 * Turns chosen rounds into a model context: chronological, alternation repaired, dates on
 * each turn when asked. If repair or labels push it over budget, the oldest rounds go first,
 * so the returned context is never above `budgetTokens`.
 */
export function assembleContext(rounds: readonly Round[], options: AssembleOptions): MemoryContext {
  const sorted = [...rounds].sort((a, b) => a[0].createdAtMs - b[0].createdAtMs || a[0].id - b[0].id);
  const systemTokens = options.system ? options.counter.count(options.system) : 0;
  for (let start = 0; start <= sorted.length; start++) {
    const kept = sorted.slice(start);
    const raw: ChatMessage[] = kept.flat().map((m) => ({
      role: m.role === 'assistant' ? 'assistant' : 'user',
      content: renderTurn(m, options.withDates),
    }));
    const messages = repairAlternation(raw);
    const contextTokens = systemTokens + messagesTokens(kept, messages, options);
    if (contextTokens <= options.budgetTokens || kept.length === 0) {
      const ids = new Set<number>([...(options.extraIds ?? []), ...kept.flat().map((m) => m.id)]);
      return {
        system: options.system,
        messages,
        messageIds: [...ids].sort((a, b) => a - b),
        contextTokens: kept.length === 0 ? systemTokens : contextTokens,
      };
    }
  }
  /* c8 ignore next */
  throw new Error('unreachable');
}

/**
 * Tokens of a context's messages: the rendered text re-counted, or with exact stored counts
 * (`--token-count exact`) those counts, date labels and a placeholder turn added up — the
 * blank lines that join merged turns are not counted apart.
 */
function messagesTokens(kept: readonly Round[], messages: readonly ChatMessage[], options: AssembleOptions): number {
  const { counter } = options;
  if (!counter.storedCountsExact) return messages.reduce((s, m) => s + counter.count(m.content), 0);
  const turns = kept.flat();
  const placeholder = turns.length > 0 && turns[0].role === 'assistant' ? placeholderTokens(counter) : 0;
  return roundTokens(turns, counter, options.withDates) + placeholder;
}

/** Tokens the placeholder turn costs when a context opens with an assistant turn. */
export function placeholderTokens(counter: TokenCounter): number {
  return counter.count(PLACEHOLDER_USER_TURN);
}

export const TRUNCATION_MARKER = ' […truncated]';

/**
 * Cuts a message that alone exceeds the budget down to fit, keeping its beginning and marking
 * the cut, so the newest turn is never silently dropped. Returns null if not even the marker fits.
 */
export function truncateToBudget(
  m: StoredMessage,
  budgetTokens: number,
  counter: TokenCounter,
  withDate: boolean,
): StoredMessage | null {
  const labelTokens = withDate ? counter.count(`[${formatDateLabel(m.createdAtMs)}] `) : 0;
  const room = budgetTokens - labelTokens;
  const markerTokens = counter.count(TRUNCATION_MARKER);
  if (room <= markerTokens) return null;
  // Start from the ~4 chars/token estimate and shrink until the counter agrees it fits.
  let chars = Math.min(m.content.length, (room - markerTokens) * 4);
  while (chars > 0) {
    const content = m.content.slice(0, chars) + TRUNCATION_MARKER;
    const tokenCount = counter.count(content);
    if (tokenCount <= room) return { ...m, content, tokenCount };
    chars = Math.floor(chars * 0.9);
  }
  return null;
}

/** Fits an oversized newest round: keep the user turn (truncated if need be), then replies that fit. */
export function truncateRound(round: Round, budget: number, counter: TokenCounter, withDates: boolean): Round | null {
  const out: Round = [];
  let used = 0;
  for (const m of round) {
    const cost = roundTokens([m], counter, withDates);
    if (used + cost <= budget) {
      out.push(m);
      used += cost;
      continue;
    }
    const cut = truncateToBudget(m, budget - used, counter, withDates);
    if (cut) out.push(cut);
    break;
  }
  return out.length > 0 ? out : null;
}
