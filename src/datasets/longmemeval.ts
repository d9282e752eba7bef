import { z } from 'zod';
import type { ProbeKind, Scenario, Step } from '../scenario/schema.js';
import { streamJsonArray } from './json-array-stream.js';
import { isoAt, SessionSteps, whenAfter, type Utterance } from './turns.js';
import { count, newReport, type CorpusTurn, type DatasetItem, type ImportReport } from './types.js';
import { datasetError, parseElement } from './validate.js';

/**
 * LongMemEval (oracle, _s or _m file; all share one schema) → memeval scenarios, one per
 * question: the question's haystack sessions, then the question as a probe. Roles map directly.
 * Turn ids are `<session_id>:<n>` with n counted from 1 over all turns of the session, the
 * numbering the official retrieval code uses (`sess_id + '_' + str(i_turn+1)`); `:` because
 * scenario ids may not contain `#`.
 */

export const QUESTION_TYPES = [
  'single-session-user',
  'single-session-assistant',
  'single-session-preference',
  'multi-session',
  'temporal-reasoning',
  'knowledge-update',
] as const;

const KIND_BY_TYPE: Record<(typeof QUESTION_TYPES)[number], ProbeKind> = {
  'single-session-user': 'recall',
  'single-session-assistant': 'assistant',
  'single-session-preference': 'preference',
  'multi-session': 'multi-hop',
  'temporal-reasoning': 'temporal',
  'knowledge-update': 'update',
};

const DATE = /^(\d{4})\/(\d{2})\/(\d{2}) \((Mon|Tue|Wed|Thu|Fri|Sat|Sun)\) (\d{2}):(\d{2})$/;
const LmeDate = z.string().regex(DATE, 'a date like "2023/05/30 (Tue) 23:40"');

/** `2023/05/30 (Tue) 23:40` → epoch ms (UTC; the data has no timezone). The weekday is ignored. */
export function parseLongMemEvalDate(text: string): number {
  const m = DATE.exec(text)!;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[5]), Number(m[6]));
}

const LmeTurn = z.object({
  role: z.enum(['user', 'assistant']),
  content: z.string(),
  /** Only turns of evidence sessions carry it; absent means false. */
  has_answer: z.boolean().optional(),
});

const LmeInstance = z
  .object({
    question_id: z.string().min(1),
    question_type: z.enum(QUESTION_TYPES),
    question: z.string(),
    /** 32 oracle answers are JSON integers. */
    answer: z.union([z.string(), z.number()]),
    question_date: LmeDate,
    haystack_session_ids: z.array(z.string().min(1)),
    haystack_dates: z.array(LmeDate),
    haystack_sessions: z.array(z.array(LmeTurn)),
    answer_session_ids: z.array(z.string().min(1)),
  })
  .refine((x) => x.haystack_dates.length === x.haystack_session_ids.length, {
    message: 'haystack_dates and haystack_session_ids differ in length',
    path: ['haystack_dates'],
  })
  .refine((x) => x.haystack_sessions.length === x.haystack_session_ids.length, {
    message: 'haystack_sessions and haystack_session_ids differ in length',
    path: ['haystack_sessions'],
  });
type LmeInstance = z.output<typeof LmeInstance>;

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
/** Scenario ids allow letters, digits, `.`, `_`, `:`, `-`; anything else becomes `_`. */
function safeId(id: string): string {
  const s = id.replace(/[^A-Za-z0-9._:-]/g, '_');
  return ID.test(s) ? s : `x${s}`;
}

/** Streams a LongMemEval file (one question at a time, so _m's 2.7 GB never sits in memory). */
export async function* readLongMemEval(
  file: string,
  report: ImportReport = newReport('longmemeval', file),
): AsyncGenerator<DatasetItem> {
  const seen = new Set<string>();
  for await (const { index, value } of streamJsonArray(file)) {
    const x = parseElement(LmeInstance, value, file, index);
    const scenarioId = safeId(x.question_id);
    if (seen.has(scenarioId))
      throw datasetError(file, index, ['question_id'], `duplicate question_id ${x.question_id}`);
    seen.add(scenarioId);
    yield mapInstance(x, scenarioId, file, index, report);
  }
}

function mapInstance(
  x: LmeInstance,
  scenarioId: string,
  file: string,
  index: number,
  report: ImportReport,
): DatasetItem {
  const user = scenarioId;
  const sessionIds = x.haystack_session_ids.map(safeId);
  const renamed = sessionIds.filter((s, i) => s !== x.haystack_session_ids[i]).length;
  count(report.repaired, 'LongMemEval session id with characters scenario ids do not allow (replaced by "_")', renamed);
  if (new Set(sessionIds).size !== sessionIds.length)
    throw datasetError(file, index, ['haystack_session_ids'], 'a session id repeats');
  x.answer_session_ids.forEach((s, i) => {
    if (!x.haystack_session_ids.includes(s))
      throw datasetError(file, index, ['answer_session_ids', i], `${s} is not in haystack_session_ids`);
  });

  // Times within a day can be out of order; replay in a stable sort by timestamp.
  const order = x.haystack_dates.map((d, i) => ({ i, ms: parseLongMemEvalDate(d) }));
  order.sort((a, b) => a.ms - b.ms || a.i - b.i);
  if (order.some((o, k) => o.i !== k))
    count(report.repaired, 'LongMemEval instance whose sessions were out of time order: replayed sorted by timestamp');

  const sessions = new SessionSteps(report, user, {
    empty: 'LongMemEval session with no turns',
    moved: 'LongMemEval session at the same minute as the previous one: placed 1 minute after it',
  });
  const corpus: CorpusTurn[] = [];
  const evidence: string[] = [];
  let missingHasAnswer = 0;
  for (const { i, ms } of order) {
    const sessionId = sessionIds[i];
    const utterances: Utterance[] = [];
    x.haystack_sessions[i].forEach((t, j) => {
      const id = `${sessionId}:${j + 1}`;
      if (t.has_answer === undefined) missingHasAnswer++;
      if (t.content.trim().length === 0) {
        count(report.skipped, 'LongMemEval turn with empty content');
        return;
      }
      if (t.has_answer === true) evidence.push(id);
      utterances.push({ id, role: t.role, content: t.content });
      corpus.push({ id, sessionId, role: t.role });
    });
    sessions.add(sessionId, ms, utterances);
  }
  count(report.repaired, 'LongMemEval turn without has_answer (filler session): treated as false', missingHasAnswer);
  const { firstMs, lastMs } = sessions;
  if (lastMs === null || firstMs === null)
    throw datasetError(file, index, ['haystack_sessions'], 'no session has a turn');

  const abstention = x.question_id.endsWith('_abs');
  if (typeof x.answer === 'number') count(report.repaired, 'integer answer converted with String()');
  const answer = String(x.answer);
  const asked = whenAfter(parseLongMemEvalDate(x.question_date), lastMs);
  if (asked.moved)
    count(
      report.repaired,
      'LongMemEval question_date earlier than a same-day session: asked 1 minute after the last session',
    );
  if (x.question.trim().length === 0 || (!abstention && answer.trim().length === 0))
    throw datasetError(file, index, [x.question.trim() ? 'answer' : 'question'], 'must not be empty');

  const steps: Step[] = [...sessions.steps];
  steps.push({
    probe: {
      id: scenarioId,
      user,
      ...asked.when,
      question: x.question,
      expect: abstention ? { abstain: true } : { any: [answer] },
      judge: abstention ? 'abstain' : 'f1',
      evidence,
      kind: abstention ? 'abstain' : KIND_BY_TYPE[x.question_type],
      forbidden: [],
      forbid_in_answer: [],
      persist: false,
      category: x.question_type,
    },
  });
  report.probes++;
  report.items++;

  const scenario: Scenario = {
    id: scenarioId,
    description: `LongMemEval ${x.question_id} (${x.question_type}${abstention ? ', abstention' : ''}): ${order.length} sessions, then the question`,
    tags: ['longmemeval'],
    users: [user],
    start: isoAt(firstMs),
    seed: 1,
    steps,
  };
  const probe = {
    probeId: scenarioId,
    category: x.question_type,
    abstention,
    answer,
    evidenceTurnIds: evidence,
    unresolvedEvidence: [],
    evidenceSessionIds: x.answer_session_ids.map(safeId),
  };
  return { dataset: 'longmemeval', scenario, probes: [probe], corpus };
}
