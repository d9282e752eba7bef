import { normalizeText } from './normalize.js';
import type { Judge } from './types.js';

/**
 * Phrases that say "I can't answer that from what I know", matched on normalised text
 * (apostrophes removed, so "don't" is "dont").
 */
const ABSTAIN_PATTERNS: RegExp[] = [
  /\b(dont|do not|didnt|did not) (know|recall|remember)\b/,
  /\b(dont|do not) have (any |that |enough |the )?(information|record|details|data|memory)\b/,
  /\b(cant|cannot|can not|couldnt|could not|unable to) (say|tell|recall|remember|find|answer|determine|know)\b/,
  /\b(not|never|wasnt|isnt|werent|hasnt|havent|hadnt)( been)? (mentioned|stated|specified|provided|discussed|shared|given|told|said)\b/,
  /\bnot (available|sure|known|aware|certain)\b/,
  /\bno (information|record|mention|memory|idea|details?|data|knowledge)\b/,
  /\b(unknown|unanswerable|not enough (information|context))\b/,
  /\b(there is|theres) nothing (about|on|in)\b/,
];

/**
 * Whether an answer declines to answer rather than guessing. An empty answer says nothing, so it
 * is no abstention (the chatbot refuses empty replies as failed exchanges before they get here).
 */
export function isAbstention(answer: string): boolean {
  const text = normalizeText(answer);
  return text !== '' && ABSTAIN_PATTERNS.some((p) => p.test(text));
}

/** Correct when the answer abstains ("I don't know", "not mentioned", "no information", …). */
export const abstainJudge: Judge = {
  name: 'abstain',
  accepts: (expect) => expect.abstain === true,
  async judge({ answer }) {
    const correct = isAbstention(answer);
    return { correct, score: correct ? 1 : 0 };
  },
};
