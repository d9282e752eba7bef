/**
 * The Porter stemmer exactly as NLTK's `PorterStemmer()` runs it by default (mode
 * NLTK_EXTENSIONS), because LoCoMo's official F1 (`task_eval/evaluation.py`) stems with it and
 * memeval's F1 must agree with published numbers token for token. NLTK departs from Porter
 * (1980) in a few places, marked "NLTK:" below; the plain algorithm would stem e.g. "dies",
 * "flies", "dying", "enjoy" and "1990s" differently.
 *
 * Input: one token (it is lower-cased first, as NLTK does).
 */
export function porterStem(word: string): string {
  const lower = word.toLowerCase();
  // NLTK: a table of irregular forms bypasses the algorithm.
  const irregular = IRREGULAR[lower];
  if (irregular !== undefined) return irregular;
  // NLTK: words of one or two characters are returned as they are.
  if (lower.length <= 2) return lower;
  let w = step1a(lower);
  w = step1b(w);
  w = step1c(w);
  w = step2(w);
  w = step3(w);
  w = step4(w);
  w = step5a(w);
  return step5b(w);
}

const IRREGULAR: Record<string, string> = {
  skies: 'sky',
  sky: 'sky',
  dying: 'die',
  lying: 'lie',
  tying: 'tie',
  news: 'news',
  innings: 'inning',
  inning: 'inning',
  outings: 'outing',
  outing: 'outing',
  cannings: 'canning',
  canning: 'canning',
  howe: 'howe',
  proceed: 'proceed',
  exceed: 'exceed',
  succeed: 'succeed',
};

function isConsonant(w: string, i: number): boolean {
  const c = w[i];
  if (c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u') return false;
  if (c === 'y') return i === 0 ? true : !isConsonant(w, i - 1);
  return true;
}

/** m in [C](VC)^m[V]: the number of vowel→consonant transitions. */
function measure(stem: string): number {
  let m = 0;
  for (let i = 1; i < stem.length; i++) if (!isConsonant(stem, i - 1) && isConsonant(stem, i)) m++;
  return m;
}

const positive = (stem: string) => measure(stem) > 0;

function hasVowel(stem: string): boolean {
  for (let i = 0; i < stem.length; i++) if (!isConsonant(stem, i)) return true;
  return false;
}

function endsDoubleConsonant(w: string): boolean {
  const n = w.length;
  return n >= 2 && w[n - 1] === w[n - 2] && isConsonant(w, n - 1);
}

/** *o: consonant-vowel-consonant, the last not w, x or y; NLTK: also a two-letter vowel-consonant word. */
function endsCvc(w: string): boolean {
  const n = w.length;
  if (n >= 3 && isConsonant(w, n - 3) && !isConsonant(w, n - 2) && isConsonant(w, n - 1) && !'wxy'.includes(w[n - 1]))
    return true;
  return n === 2 && !isConsonant(w, 0) && isConsonant(w, 1);
}

/** A rule: suffix, replacement, and the condition on the stem left after removing the suffix. */
type Rule = [suffix: string, replacement: string, condition: ((stem: string) => boolean) | null];

/**
 * Applies the first rule whose suffix the word ends with; if its condition fails the word is
 * returned unchanged (later rules are not tried). `*d` matches a double consonant ending.
 */
function applyRules(w: string, rules: readonly Rule[]): string {
  for (const [suffix, replacement, condition] of rules) {
    if (suffix === '*d') {
      if (!endsDoubleConsonant(w)) continue;
      const stem = w.slice(0, -2);
      return condition === null || condition(stem) ? stem + replacement : w;
    }
    if (!w.endsWith(suffix)) continue;
    const stem = suffix.length === 0 ? w : w.slice(0, -suffix.length);
    return condition === null || condition(stem) ? stem + replacement : w;
  }
  return w;
}

function step1a(w: string): string {
  // NLTK: "dies" → "die", "ties" → "tie" (plain Porter gives "di").
  if (w.length === 4 && w.endsWith('ies')) return `${w.slice(0, -3)}ie`;
  return applyRules(w, [
    ['sses', 'ss', null],
    ['ies', 'i', null],
    ['ss', 'ss', null],
    ['s', '', null],
  ]);
}

function step1b(w: string): string {
  // NLTK: "died" → "die", "spied" → "spi".
  if (w.endsWith('ied')) return w.length === 4 ? `${w.slice(0, -3)}ie` : `${w.slice(0, -3)}i`;
  if (w.endsWith('eed')) {
    const stem = w.slice(0, -3);
    return measure(stem) > 0 ? `${stem}ee` : w;
  }
  let stem: string | null = null;
  for (const suffix of ['ed', 'ing']) {
    if (w.endsWith(suffix) && hasVowel(w.slice(0, -suffix.length))) {
      stem = w.slice(0, -suffix.length);
      break;
    }
  }
  if (stem === null) return w;
  const last = stem[stem.length - 1];
  return applyRules(stem, [
    ['at', 'ate', null],
    ['bl', 'ble', null],
    ['iz', 'ize', null],
    ['*d', last, () => last !== 'l' && last !== 's' && last !== 'z'],
    ['', 'e', (s) => measure(s) === 1 && endsCvc(s)],
  ]);
}

function step1c(w: string): string {
  // NLTK: y → i only after a consonant that is not the word's first letter ("happy" → "happi", "enjoy", "by").
  return applyRules(w, [['y', 'i', (stem) => stem.length > 1 && isConsonant(stem, stem.length - 1)]]);
}

const STEP2: Rule[] = [
  ['ational', 'ate', positive],
  ['tional', 'tion', positive],
  ['enci', 'ence', positive],
  ['anci', 'ance', positive],
  ['izer', 'ize', positive],
  // NLTK (and Porter's own later version): "bli" → "ble" rather than "abli" → "able".
  ['bli', 'ble', positive],
  ['alli', 'al', positive],
  ['entli', 'ent', positive],
  ['eli', 'e', positive],
  ['ousli', 'ous', positive],
  ['ization', 'ize', positive],
  ['ation', 'ate', positive],
  ['ator', 'ate', positive],
  ['alism', 'al', positive],
  ['iveness', 'ive', positive],
  ['fulness', 'ful', positive],
  ['ousness', 'ous', positive],
  ['aliti', 'al', positive],
  ['iviti', 'ive', positive],
  ['biliti', 'ble', positive],
  // NLTK additions.
  ['fulli', 'ful', positive],
];

function step2(w: string): string {
  // NLTK: "alli" → "al" is tried first and, if it applies, step 2 runs again on the result.
  if (w.endsWith('alli') && positive(w.slice(0, -4))) return step2(`${w.slice(0, -4)}al`);
  // NLTK: "logi" → "log" keeps the "l" with the stem when measuring ("geology" → "geolog").
  return applyRules(w, [...STEP2, ['logi', 'log', () => positive(w.slice(0, -3))]]);
}

const STEP3: Rule[] = [
  ['icate', 'ic', positive],
  ['ative', '', positive],
  ['alize', 'al', positive],
  ['iciti', 'ic', positive],
  ['ical', 'ic', positive],
  ['ful', '', positive],
  ['ness', '', positive],
];

function step3(w: string): string {
  return applyRules(w, STEP3);
}

const above1 = (stem: string) => measure(stem) > 1;
const STEP4: Rule[] = [
  ...['al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent'].map(
    (s): Rule => [s, '', above1],
  ),
  ['ion', '', (stem) => measure(stem) > 1 && (stem.endsWith('s') || stem.endsWith('t'))],
  ...['ou', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize'].map((s): Rule => [s, '', above1]),
];

function step4(w: string): string {
  return applyRules(w, STEP4);
}

function step5a(w: string): string {
  if (!w.endsWith('e')) return w;
  const stem = w.slice(0, -1);
  const m = measure(stem);
  return m > 1 || (m === 1 && !endsCvc(stem)) ? stem : w;
}

function step5b(w: string): string {
  return applyRules(w, [['ll', 'l', () => measure(w.slice(0, -1)) > 1]]);
}
