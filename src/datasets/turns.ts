import type { Step, Turn } from '../scenario/schema.js';
import { count, type ImportReport } from './types.js';

/**
 * Groups a chronological list of utterances into scenario turns: a user utterance opens a turn,
 * the next assistant utterance is its reply. An assistant utterance with no open user turn (a
 * session the assistant opens) becomes a reply-only turn, so nothing is dropped or invented.
 */
export function toScenarioTurns(utterances: readonly Utterance[]): Turn[] {
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
export function whenAfter(
  ms: number,
  previousMs: number | null,
): { when: { at?: string; after?: string }; moved: boolean } {
  if (previousMs !== null && ms <= previousMs) return { when: { after: '1m' }, moved: true };
  return { when: { at: isoAt(ms) }, moved: false };
}

/** A dataset utterance on its way to a scenario turn. */
export interface Utterance {
  id: string;
  role: 'user' | 'assistant';
  content: string;
}

/**
 * Builds a scenario's session steps in replay order, keeping the clock moving forward and
 * counting the sessions and turns (and any skip or move) in the import report.
 */
export class SessionSteps {
  readonly steps: Step[] = [];
  firstMs: number | null = null;
  lastMs: number | null = null;

  constructor(
    private readonly report: ImportReport,
    private readonly user: string,
    private readonly reasons: { empty: string; moved: string },
  ) {}

  add(id: string, ms: number, utterances: readonly Utterance[]): void {
    if (utterances.length === 0) {
      count(this.report.skipped, this.reasons.empty);
      return;
    }
    const { when, moved } = whenAfter(ms, this.lastMs);
    if (moved) count(this.report.repaired, this.reasons.moved);
    this.lastMs = Math.max(ms, this.lastMs ?? ms);
    this.firstMs ??= ms;
    this.steps.push({ session: { id, user: this.user, ...when, turns: toScenarioTurns(utterances) } });
    this.report.sessions++;
    this.report.turns += utterances.length;
  }
}
