import { z } from 'zod';
import type { ProbeKind, Scenario, Step } from '../scenario/schema.js';
import { streamJsonArray } from './json-array-stream.js';
import { isoAt, SessionSteps, type Utterance } from './turns.js';
import { count, newReport, type CorpusTurn, type DatasetItem, type DatasetProbe, type ImportReport } from './types.js';
import { datasetError, parseElement } from './validate.js';

/**
 * LoCoMo (`locomo10.json`, snap-research/locomo) → memeval scenarios, one per conversation.
 *
 * Roles: LoCoMo is two people talking, not a user and an assistant. speaker_a becomes the memeval
 * user and speaker_b the assistant, one memeval user per sample keyed by sample_id (speaker names
 * recur: "John" is in three conversations). Each stored message starts with the speaker's name
 * ("Caroline: …") because questions name the speakers. Image turns get ` [shares <caption>]`.
 */

const DiaId = z.string().regex(/^D\d+:\d+$/, 'a dia_id like D3:12');

const LocomoTurn = z.object({
  speaker: z.string().min(1),
  dia_id: DiaId,
  text: z.string(),
  blip_caption: z.string().optional(),
  img_url: z.array(z.string()).optional(),
});

const LocomoQa = z
  .object({
    question: z.string(),
    /** Six answers in conv-26 are JSON integers. */
    answer: z.union([z.string(), z.number()]).optional(),
    adversarial_answer: z.string().optional(),
    evidence: z.array(z.string()),
    category: z.number().int().min(1).max(5),
  })
  .refine((q) => q.category === 5 || q.answer !== undefined, {
    message: 'categories 1-4 must have an answer',
    path: ['answer'],
  });

const LocomoSample = z.object({
  sample_id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'a sample id like conv-26'),
  conversation: z
    .object({ speaker_a: z.string().min(1), speaker_b: z.string().min(1) })
    // session_<N> arrays and session_<N>_date_time strings; checked one by one in mapSample so an
    // error names the exact turn.
    .catchall(z.unknown()),
  qa: z.array(LocomoQa),
});
type LocomoSample = z.output<typeof LocomoSample>;

/** Official category numbering (task_eval/evaluation.py), not mem0's permuted labels. */
export const LOCOMO_CATEGORIES = {
  1: 'multi-hop',
  2: 'temporal',
  3: 'open-domain',
  4: 'single-hop',
  5: 'adversarial',
} as const;

/** memeval probe kinds; open-domain has no kind of its own, the raw category travels in `category`. */
const KIND_BY_CATEGORY: Record<number, ProbeKind> = {
  1: 'multi-hop',
  2: 'temporal',
  3: 'recall',
  4: 'recall',
  5: 'abstain',
};

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DATE_TIME = /^(\d{1,2}):(\d{2}) (am|pm) on (\d{1,2}) ([A-Z][a-z]+), (\d{4})$/;

/** `1:56 pm on 8 May, 2023` → epoch ms (UTC); null if it does not match the documented format. */
export function parseLocomoDate(text: string): number | null {
  const m = DATE_TIME.exec(text);
  const month = m ? MONTHS.indexOf(m[5]) : -1;
  if (!m || month < 0 || Number(m[1]) > 12) return null;
  const hour = (Number(m[1]) % 12) + (m[3] === 'pm' ? 12 : 0);
  return Date.UTC(Number(m[6]), month, Number(m[4]), hour, Number(m[2]));
}

export const EVIDENCE_REPAIRS = {
  split: 'evidence string held several ids (split on ";" or whitespace)',
  colon: 'evidence "D:x:y" read as "Dx:y"',
  zeros: 'evidence leading zeros stripped ("D30:05" → "D30:5")',
} as const;

/**
 * Resolves one evidence string against the conversation's dia_ids, repairing the documented
 * formatting slips (FORMAT.md): several ids in one string, a stray colon, leading zeros.
 */
export function repairEvidence(
  raw: string,
  known: ReadonlySet<string>,
): { ids: string[]; unresolved: string[]; repairs: string[] } {
  if (known.has(raw)) return { ids: [raw], unresolved: [], repairs: [] };
  const pieces = raw.split(/[;\s]+/).filter((p) => p.length > 0);
  const repairs: string[] = pieces.length > 1 ? [EVIDENCE_REPAIRS.split] : [];
  const ids: string[] = [];
  const unresolved: string[] = [];
  for (const piece of pieces) {
    let id = piece;
    const colon = /^D:(\d+):(\d+)$/.exec(id);
    if (colon) {
      id = `D${colon[1]}:${colon[2]}`;
      repairs.push(EVIDENCE_REPAIRS.colon);
    }
    const zeros = /^D0*(\d+):0*(\d+)$/.exec(id);
    if (zeros && `D${zeros[1]}:${zeros[2]}` !== id) {
      id = `D${zeros[1]}:${zeros[2]}`;
      repairs.push(EVIDENCE_REPAIRS.zeros);
    }
    if (known.has(id)) ids.push(id);
    else unresolved.push(piece);
  }
  if (pieces.length === 0) unresolved.push(raw);
  return { ids, unresolved, repairs };
}

/**
 * Streams a LoCoMo file and yields one scenario per conversation. `report` is filled as items
 * are read (counts of repairs and skips); it is complete when the iteration ends.
 */
export async function* readLocomo(
  file: string,
  report: ImportReport = newReport('locomo', file),
): AsyncGenerator<DatasetItem> {
  const seen = new Set<string>();
  for await (const { index, value } of streamJsonArray(file)) {
    const sample = parseElement(LocomoSample, value, file, index);
    if (seen.has(sample.sample_id))
      throw datasetError(file, index, ['sample_id'], `duplicate sample_id ${sample.sample_id}`);
    seen.add(sample.sample_id);
    yield mapSample(sample, file, index, report);
  }
}

function mapSample(sample: LocomoSample, file: string, index: number, report: ImportReport): DatasetItem {
  const conv = sample.conversation;
  const user = sample.sample_id;
  // Sessions come from the keys that hold arrays (conv-26 has 16 dangling date_time keys with no
  // session), sorted numerically: as strings "session_10" sorts before "session_2".
  const numbers = Object.keys(conv)
    .map((k) => /^session_(\d+)$/.exec(k))
    .filter((m): m is RegExpExecArray => m !== null && Array.isArray(conv[m[0]]))
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
  const dangling = Object.keys(conv).filter((k) => {
    const m = /^session_(\d+)_date_time$/.exec(k);
    return m !== null && !Array.isArray(conv[`session_${m[1]}`]);
  });
  count(report.skipped, 'LoCoMo session timestamps with no session (conv-26 has 16)', dangling.length);

  const sessions = new SessionSteps(report, user, {
    empty: 'LoCoMo session with no turns',
    moved: 'LoCoMo session dated before the previous one: placed 1 minute after it',
  });
  const corpus: CorpusTurn[] = [];
  const sessionOf = new Map<string, string>();
  for (const n of numbers) {
    const key = `session_${n}`;
    const dateKey = `${key}_date_time`;
    const dateText = conv[dateKey];
    const ms = typeof dateText === 'string' ? parseLocomoDate(dateText) : null;
    if (ms === null)
      throw datasetError(
        file,
        index,
        ['conversation', dateKey],
        `expected a date like "1:56 pm on 8 May, 2023", got ${JSON.stringify(dateText ?? null)}`,
      );
    const rawTurns = parseElement(z.array(LocomoTurn), conv[key], file, index, ['conversation', key]);
    const utterances: Utterance[] = [];
    rawTurns.forEach((t, j) => {
      const role = t.speaker === conv.speaker_a ? 'user' : t.speaker === conv.speaker_b ? 'assistant' : null;
      if (role === null)
        throw datasetError(
          file,
          index,
          ['conversation', key, j, 'speaker'],
          `"${t.speaker}" is neither speaker_a (${conv.speaker_a}) nor speaker_b (${conv.speaker_b})`,
        );
      if (sessionOf.has(t.dia_id))
        throw datasetError(file, index, ['conversation', key, j, 'dia_id'], `duplicate dia_id ${t.dia_id}`);
      let text = t.text.trim();
      if (t.blip_caption) {
        text = `${text} [shares ${t.blip_caption}]`.trim();
        count(report.repaired, 'LoCoMo image turn: caption appended as " [shares <blip_caption>]"');
      }
      if (text.length === 0) {
        count(report.skipped, 'LoCoMo turn with empty text and no caption');
        return;
      }
      sessionOf.set(t.dia_id, key);
      utterances.push({ id: t.dia_id, role, content: `${t.speaker}: ${text}` });
      corpus.push({ id: t.dia_id, sessionId: key, role });
    });
    sessions.add(key, ms, utterances);
  }
  const { firstMs, lastMs } = sessions;
  if (firstMs === null || lastMs === null)
    throw datasetError(file, index, ['conversation'], 'no session_<N> arrays with turns');

  // Questions are asked after the whole conversation, a day after its last session.
  const askedAt = isoAt(lastMs + 24 * 3600 * 1000);
  const steps: Step[] = [...sessions.steps];
  const probes: DatasetProbe[] = [];
  const known = new Set(sessionOf.keys());
  sample.qa.forEach((qa, j) => {
    if (qa.question.trim().length === 0) {
      count(report.skipped, 'LoCoMo question with empty text');
      return;
    }
    const probeId = `q${j + 1}`;
    if (typeof qa.answer === 'number') count(report.repaired, 'integer answer converted with String()');
    const answer = qa.answer === undefined ? '' : String(qa.answer);
    const evidence: string[] = [];
    const unresolved: string[] = [];
    for (const raw of qa.evidence) {
      const r = repairEvidence(raw, known);
      for (const reason of r.repairs) count(report.repaired, reason);
      for (const id of r.ids) if (!evidence.includes(id)) evidence.push(id);
      for (const u of r.unresolved) {
        unresolved.push(u);
        report.unresolved.push({ scenarioId: user, probeId, evidence: u });
      }
    }
    if (qa.evidence.length === 0)
      count(report.skipped, 'LoCoMo question with empty evidence (scored as recall 1, as the official code does)');
    const adversarial = qa.category === 5;
    // Category 3 gold answers may carry a rationale after ";"; the official scorer keeps the part before it.
    const gold = qa.category === 3 ? answer.split(';')[0].trim() : answer.trim();
    if (!adversarial && gold.length === 0) {
      count(report.skipped, 'LoCoMo question with an empty answer');
      return;
    }
    probes.push({
      probeId,
      category: qa.category,
      abstention: adversarial,
      answer,
      evidenceTurnIds: evidence,
      unresolvedEvidence: unresolved,
      evidenceSessionIds: [...new Set(evidence.map((id) => sessionOf.get(id)!))],
    });
    steps.push({
      probe: {
        id: probeId,
        user,
        at: askedAt,
        question: qa.question,
        expect: adversarial ? { abstain: true } : { any: [gold] },
        judge: adversarial ? 'abstain' : 'f1',
        evidence,
        kind: KIND_BY_CATEGORY[qa.category],
        forbidden: [],
        forbid_in_answer: [],
        persist: false,
        category: qa.category,
      },
    });
    report.probes++;
  });
  report.items++;

  const scenario: Scenario = {
    id: sample.sample_id,
    description: `LoCoMo ${sample.sample_id}: ${conv.speaker_a} (user) talks with ${conv.speaker_b} (assistant role); ${sessions.steps.length} sessions, ${probes.length} questions`,
    tags: ['locomo'],
    users: [user],
    start: isoAt(firstMs),
    seed: 1,
    steps,
  };
  return { dataset: 'locomo', scenario, probes, corpus };
}
