/**
 * Small text-normalisation helpers shared by the offline model, the hash embedder and the judges.
 */

export const STOP_WORDS = new Set(
  `a about above after again against all am an and any are as at be because been before being below between both but by
  can could did do does doing down during each few for from further had has have having he her here hers herself him
  himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other
  our ours ourselves out over own same she should so some such than that the their theirs them themselves then there
  these they this those through to too under until up very was we were what when where which while who whom why will
  with would you your yours yourself yourselves tell remember recall know say said mentioned please again ever also
  s t d ll m re ve don didn doesn isn wasn`.split(/\s+/),
);

/** Lower-cased word tokens (letters and digits, Unicode-aware). */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * A light suffix stemmer: enough to match "products"/"product" and "moved"/"moving".
 * Deterministic and cheap; not a full Porter stemmer (the F1 judge uses that).
 */
export function lightStem(word: string): string {
  if (word.length <= 3 || /^\d+$/.test(word)) return word;
  for (const suffix of ['ingly', 'edly', 'ing', 'ies', 'ied', 'ed', 'es', 'ly', 's']) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) {
      const stem = word.slice(0, -suffix.length);
      return suffix === 'ies' || suffix === 'ied' ? `${stem}y` : stem;
    }
  }
  return word;
}

/** Content terms: lower-cased, stop words removed, lightly stemmed. */
export function contentTerms(text: string): string[] {
  return words(text)
    .filter((w) => !STOP_WORDS.has(w))
    .map(lightStem);
}

/** Sentence split that keeps decimals and abbreviations like "e.g." mostly intact. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+(?=[A-Z0-9"'“(])|\n+/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
