/**
 * Escapes text for XML and HTML, in element content and in double- or single-quoted attributes.
 * Characters XML 1.0 forbids outright (most C0 controls, lone surrogates) become U+FFFD, since no
 * escape makes them legal and a model's answer may contain anything.
 */
export function escapeMarkup(text: string): string {
  return text
    .replace(
      /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
      '\uFFFD',
    )
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
