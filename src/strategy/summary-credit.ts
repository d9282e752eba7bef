import type { StoredMessage } from '../store/types.js';
import { contentTerms, sentences } from '../util/text.js';

/** A sentence needs at least this many content terms to be creditable: one word is too easy to match by chance. */
export const MIN_FACT_TERMS = 2;

/**
 * Whether a message's content survived into a summary, for evidence recall. A covered message
 * is credited when at least one of its sentences — not a question, with at least
 * MIN_FACT_TERMS distinct content terms (lower-cased, stop words removed, lightly stemmed:
 * `contentTerms` in src/util/text.ts) — has at least `share` of those terms in the summary's
 * content terms. Being covered is not enough: a summary that dropped the fact does not get
 * credit for it. Paraphrase is not recognised (an abstractive summariser that rewords a fact
 * is under-credited; the rule errs towards not crediting).
 */
export function survivesInSummary(
  message: Pick<StoredMessage, 'content'>,
  summaryTerms: ReadonlySet<string>,
  share: number,
): boolean {
  for (const s of sentences(message.content)) {
    if (s.endsWith('?')) continue;
    const terms = new Set(contentTerms(s));
    if (terms.size < MIN_FACT_TERMS) continue;
    let found = 0;
    for (const t of terms) if (summaryTerms.has(t)) found++;
    if (found >= share * terms.size) return true;
  }
  return false;
}

/** Ids of the covered messages a summary text credits (see survivesInSummary), ascending. */
export function creditedIds(summaryText: string, covered: readonly StoredMessage[], share: number): number[] {
  const summaryTerms = new Set(contentTerms(summaryText));
  return covered
    .filter((m) => survivesInSummary(m, summaryTerms, share))
    .map((m) => m.id)
    .sort((a, b) => a - b);
}
