import { performance } from 'node:perf_hooks';
import { estimateTokens } from '../tokens.js';
import { contentTerms, sentences, words } from '../util/text.js';
import type { ChatModel, ChatRequest, ModelReply, Summarizer } from './types.js';

export const OFFLINE_MODEL_ID = 'offline';
export const DONT_KNOW = "I don't know.";

/** Strategies prefix retrieved turns with `[YYYY-MM-DD Ddd] `; the reader keeps that date with each sentence. */
const DATE_PREFIX = /^\[(\d{4}-\d{2}-\d{2}(?: [A-Z][a-z]{2})?)\]\s*/;
const TEMPORAL_QUESTION = /^\s*(when|what (day|date|time)|which (day|date))\b/i;

interface Unit {
  text: string;
  terms: Set<string>;
  date: string | null;
  order: number;
}

export interface OfflineModelOptions {
  /** Share of the question's IDF-weighted content a sentence must cover to be an answer. @default 0.34 */
  minScore?: number;
  /**
   * The share needed when the sentence supports only one of the question's content terms (not
   * counting answer-slot words). A term the context never uses weighs the most, so a near miss —
   * "What is my blood type?" next to "I donated blood yesterday." — stays below it. @default 0.5
   */
  minScoreOneTerm?: number;
}

/**
 * Words that name the slot an answer fills rather than what the question is about: "What's the
 * name of my product?" is answered by "My product is called Nexus", which never says "name";
 * "How many cats did I adopt?" by "I adopted two cats"; "What does our dog go by?" by "Our dog is
 * Rex"; "What did I do last Tuesday?" by "On Tuesday I…" (the reader does no date arithmetic).
 * They count towards a sentence's coverage where it has them and are not missed where it does not.
 */
export const ANSWER_SLOT_TERMS: ReadonlySet<string> = new Set(
  contentTerms(
    'name named call called go goes kind sort thing something anything happen many much often long old last ago recently first next',
  ),
);

/**
 * A deterministic reader proxy: it answers only from the context it is given by returning the
 * context sentence that best matches the question (IDF-weighted overlap of content terms), and
 * "I don't know." when nothing matches well enough. It measures whether memory put the evidence
 * in front of the reader; it is not a language model and reports never call it Claude.
 */
export class OfflineModel implements ChatModel, Summarizer {
  readonly id = OFFLINE_MODEL_ID;
  readonly provider = 'offline' as const;
  private readonly minScore: number;
  private readonly minScoreOneTerm: number;

  constructor(options: OfflineModelOptions = {}) {
    this.minScore = options.minScore ?? 0.34;
    this.minScoreOneTerm = options.minScoreOneTerm ?? 0.5;
  }

  async complete(request: ChatRequest): Promise<ModelReply> {
    const started = performance.now();
    const text = this.answer(request);
    const inputText = [request.system ?? '', ...request.messages.map((m) => m.content)].join('\n');
    return {
      text,
      usage: {
        inputTokens: estimateTokens(inputText),
        outputTokens: estimateTokens(text),
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
      },
      stopReason: 'end_turn',
      latencyMs: performance.now() - started,
      cached: false,
      usageExact: false,
    };
  }

  /** The answer text alone; exposed for tests. */
  answer(request: ChatRequest): string {
    const messages = request.messages;
    // Alternation repair merges unanswered user turns into the new message, blank-line separated:
    // only the last paragraph is the question, the ones before it are memory.
    const last = messages.at(-1)?.role === 'user' ? messages.at(-1)!.content : '';
    const paragraphs = last.split(/\n\n/);
    const question = paragraphs.at(-1) ?? '';
    const qTerms = [...new Set(contentTerms(question))];
    if (qTerms.length === 0) return DONT_KNOW;

    const units: Unit[] = [];
    const addText = (text: string) => {
      const m = DATE_PREFIX.exec(text);
      const date = m ? m[1] : null;
      const body = m ? text.slice(m[0].length) : text;
      for (const s of sentences(body)) {
        // Earlier questions are not answers; skipping them stops the reader echoing the user.
        if (s.endsWith('?')) continue;
        units.push({ text: s, terms: new Set(contentTerms(s)), date, order: units.length });
      }
    };
    if (request.system) for (const line of request.system.split('\n')) addText(line);
    // Merged turns keep their own date labels: one paragraph per stored turn.
    for (const m of messages.slice(0, -1)) for (const p of m.content.split(/\n\n/)) addText(p);
    for (const p of paragraphs.slice(0, -1)) addText(p);
    if (units.length === 0) return DONT_KNOW;

    // Rare terms say more about which sentence holds the fact than common ones.
    const vocabulary = new Map<string, number>();
    for (const u of units) for (const t of u.terms) vocabulary.set(t, (vocabulary.get(t) ?? 0) + 1);
    // A question term also matches the compounds it ends: "nuts" is supported by "hazelnuts".
    const forms = new Map(qTerms.map((q) => [q, [...vocabulary.keys()].filter((v) => endsWithTerm(v, q))]));
    const has = (u: Unit, q: string) => forms.get(q)!.some((v) => u.terms.has(v));
    const df = new Map<string, number>();
    for (const q of qTerms) {
      const n = forms.get(q)!.length === 0 ? 0 : units.filter((u) => has(u, q)).length;
      if (n > 0) df.set(q, n);
    }
    const idf = (t: string) => Math.log(1 + units.length / (1 + (df.get(t) ?? 0)));
    // An answer-slot word counts where a sentence has it and is not missed where it does not.
    const isSlot = (t: string) => ANSWER_SLOT_TERMS.has(t);
    const coreWeight = qTerms.reduce((s, t) => s + (isSlot(t) ? 0 : idf(t)), 0);

    let best: Unit | null = null;
    let bestScore = 0;
    let bestSupported = 0;
    let bestAsked = 0;
    for (const u of units) {
      let matched = 0;
      let slotMatched = 0;
      let supported = 0;
      for (const t of qTerms) {
        if (!has(u, t)) continue;
        matched += idf(t);
        if (isSlot(t)) slotMatched += idf(t);
        supported++;
      }
      const score = matched === 0 ? 0 : matched / (coreWeight + slotMatched);
      // `>=` so the latest of equally good sentences wins: after an update, the newest value.
      if (score > 0 && score >= bestScore) {
        best = u;
        bestScore = score;
        bestSupported = supported;
        bestAsked = qTerms.filter((t) => !isSlot(t) || has(u, t)).length;
      }
    }
    if (!best || bestScore < this.minScore) return DONT_KNOW;
    // One supported word of several is a near miss unless that word carries most of the question.
    if (bestSupported === 1 && bestAsked > 1 && bestScore < this.minScoreOneTerm) return DONT_KNOW;
    if (best.date && TEMPORAL_QUESTION.test(question)) return `On ${best.date}: ${best.text}`;
    return best.text;
  }

  /**
   * Extractive summary: keeps the sentences with the most specific content (names, numbers,
   * first-person facts) within `maxTokens`, in their original order.
   */
  async summarize(text: string, maxTokens: number): Promise<{ text: string; usage: ModelReply['usage'] }> {
    const all = sentences(text).filter((s) => !s.endsWith('?'));
    const scored = all.map((s, i) => ({ s, i, score: specificity(s) }));
    const ranked = [...scored].sort((a, b) => b.score - a.score || b.i - a.i);
    const kept: typeof scored = [];
    let used = 0;
    for (const c of ranked) {
      const cost = estimateTokens(c.s) + 1;
      if (used + cost > maxTokens) continue;
      kept.push(c);
      used += cost;
    }
    const summary = kept
      .sort((a, b) => a.i - b.i)
      .map((c) => c.s)
      .join(' ');
    return {
      text: summary,
      usage: {
        inputTokens: estimateTokens(text),
        outputTokens: estimateTokens(summary),
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
      },
    };
  }
}

/** `v` is `q` or a compound ending in it ("hazelnut" for "nut"); short terms match only whole. */
function endsWithTerm(v: string, q: string): boolean {
  return v === q || (q.length >= 3 && v.length > q.length && v.endsWith(q));
}

/** How much a sentence is worth keeping in a summary. */
export function specificity(sentence: string): number {
  const tokens = sentence.split(/\s+/);
  let score = 0;
  tokens.forEach((tok, i) => {
    const bare = tok.replace(/[^\p{L}\p{N}'’]/gu, '');
    if (!bare) return;
    if (/\d/.test(bare)) score += 2;
    else if (i > 0 && /^\p{Lu}/u.test(bare) && bare !== 'I') score += 2;
  });
  const w = words(sentence);
  if (w.some((x) => x === 'i' || x === 'my' || x === 'me' || x === 'mine')) score += 2;
  if (/\b(name|called|live|work|born|allergic|favorite|favourite|prefer|birthday)\b/i.test(sentence)) score += 1;
  // Slightly favour denser sentences so filler chit-chat sinks.
  return score + contentTerms(sentence).length / Math.max(4, w.length);
}
