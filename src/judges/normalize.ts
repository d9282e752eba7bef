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
 * Whether `needle` occurs in `haystack` as whole words after normalisation, so "3" is not found
 * in "13" and "cat" not in "category". An empty needle never matches.
 */
export function containsNormalized(haystack: string, needle: string): boolean {
  const n = normalizeText(needle);
  if (n === '') return false;
  return ` ${normalizeText(haystack)} `.includes(` ${n} `);
}
