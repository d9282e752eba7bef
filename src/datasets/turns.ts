import type { Turn } from '../scenario/schema.js';

/**
 * Groups a chronological list of utterances into scenario turns: a user utterance opens a turn,
 * the next assistant utterance is its reply. An assistant utterance with no open user turn (a
 * session the assistant opens) becomes a reply-only turn, so nothing is dropped or invented.
 */
export function toScenarioTurns(utterances: readonly { id: string; role: 'user' | 'assistant'; content: string }[]): Turn[] {
  const out: Turn[] = [];
  let open: Turn | null = null;
  for (const u of utterances) {
    if (u.role === 'user') {
      open = { id: u.id, user: u.content };
      out.push(open);
    } else if (open && open.assistant === undefined) {
      open.assistant = u.content;
      open.assistant_id = u.id;
      open = null;
    } else {
      out.push({ assistant: u.content, assistant_id: u.id });
      open = null;
    }
  }
  return out;
}

/** ISO string of a UTC epoch-ms instant, the form scenario `at` fields take. */
export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * When a session or probe happens on the scenario clock: at its own timestamp, or one minute
 * after the previous event when the dataset's timestamp would move the clock backwards
 * (LongMemEval questions dated earlier than a same-day session). Returns whether it was moved.
 */
export function whenAfter(ms: number, previousMs: number | null): { when: { at?: string; after?: string }; moved: boolean } {
  if (previousMs !== null && ms <= previousMs) return { when: { after: '1m' }, moved: true };
  return { when: { at: isoAt(ms) }, moved: false };
}
