/**
 * Text normalisation for matching answers and forbidden strings: case, punctuation and spacing
 * must not decide whether "Lisbon." contains "lisbon".
 */

/** Lower-case, apostrophes and digit-group commas removed, other punctuation as spaces, whitespace collapsed. */
export function normalizeText(text: string): string {
  return text
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .replace(/(?<=\d),(?=\d{3}\b)/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Whether `needle` occurs in `haystack` after normalisation, starting at a word boundary: word
 * endings may differ ("hazelnut" is found in "hazelnuts"), but "3" is not found in "13", and a
 * needle ending in a digit must end the number ("118" is not in "1180"). An empty needle never
 * matches.
 */
export function containsNormalized(haystack: string, needle: string): boolean {
  const n = normalizeText(needle);
  if (n === '') return false;
  const h = ` ${normalizeText(haystack)} `;
  const numericEnd = /\p{N}$/u.test(n);
  for (let at = h.indexOf(` ${n}`); at >= 0; at = h.indexOf(` ${n}`, at + 1)) {
    if (!numericEnd || !/\p{N}/u.test(h[at + 1 + n.length])) return true;
  }
  return false;
}
