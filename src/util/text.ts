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
      if (suffix === 'ies' || suffix === 'ied') return `${stem}y`;
      // "preferred" → "prefer", "planning" → "plan": the doubled consonant belongs to the suffix.
      if (/(ed|ing)$/.test(suffix) && stem.length >= 4 && /([^aeiouylsz])\1$/.test(stem)) return stem.slice(0, -1);
      return stem;
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

/**
 * Abbreviations that never end a sentence, so a break the segmenter puts after one is undone.
 * Titles come before a name ("Dr. Okonkwo"), "e.g."/"i.e."/"cf."/"vs." before an example.
 * Not here on purpose: "etc.", "U.S.", "a.m."/"p.m." and "No." end sentences often enough
 * ("…at 5 p.m. Then we left.") that the segmenter's own rule (a break only before a capital) is
 * the better guess.
 */
const NO_BREAK_AFTER = new Set(
  ['mr', 'mrs', 'ms', 'mx', 'dr', 'prof', 'sr', 'jr', 'st', 'mt', 'vs', 'e.g', 'i.e', 'cf'].map((a) => `${a}.`),
);

/** The last word of a segment, with its trailing dot, lower-cased: "Dr. " → "dr.". */
const LAST_WORD = /(?:^|[\s("'“])([\p{L}.]+\.)\s*$/u;
/** A single capital and a dot ("J. ") is an initial: "J. R. R. Tolkien" is one name. */
const INITIAL = /(?:^|\s)\p{Lu}\.\s*$/u;
/** An ellipsis is a pause in chat ("Well... I guess"), not the end of a sentence. */
const ELLIPSIS = /(?:\.\.\.|…)\s*$/u;

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

function breaksAfter(segment: string): boolean {
  if (INITIAL.test(segment) || ELLIPSIS.test(segment)) return false;
  const last = LAST_WORD.exec(segment)?.[1]?.toLowerCase();
  return !(last && NO_BREAK_AFTER.has(last));
}

/**
 * Sentences of a text: Unicode sentence boundaries (`Intl.Segmenter`, which already keeps
 * decimals like "3.5" and lower-case continuations like "5 p.m. on Friday" whole), minus the
 * boundaries it puts after a title, an example marker, an initial or an ellipsis. A line break
 * always ends a sentence: stored turns and profile lines are one fact per line.
 */
export function sentences(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\n+/u)) {
    let pending = '';
    for (const { segment } of segmenter.segment(line)) {
      pending += segment;
      if (breaksAfter(pending)) {
        out.push(pending);
        pending = '';
      }
    }
    if (pending) out.push(pending);
  }
  return out.map((s) => s.trim()).filter((s) => s.length > 0);
}
