import { escapeMarkup } from './escape.js';

/**
 * A small XML tree and its serialiser, so a document is built as data and every attribute and
 * text is escaped in one place, never by hand at each string. Not a library: the XML libraries
 * on npm bring a DOM implementation (and, for xmlbuilder2, a YAML parser) to write one
 * two-level JUnit file.
 */
export interface XmlElement {
  name: string;
  attributes?: Record<string, string | number>;
  /** Child elements, or the element's text. */
  children?: XmlElement[] | string;
}

export const xmlElement = (
  name: string,
  attributes: XmlElement['attributes'] = {},
  children?: XmlElement['children'],
): XmlElement => ({ name, attributes, children });

/** Two-space indentation; an element without children closes itself; text stays inline. */
function serialise(e: XmlElement, depth: number): string[] {
  const pad = '  '.repeat(depth);
  const attrs = Object.entries(e.attributes ?? {})
    .map(([k, v]) => ` ${k}="${escapeMarkup(String(v))}"`)
    .join('');
  const open = `${pad}<${e.name}${attrs}`;
  if (e.children === undefined || e.children.length === 0) return [`${open}/>`];
  if (typeof e.children === 'string') return [`${open}>${escapeMarkup(e.children)}</${e.name}>`];
  return [`${open}>`, ...e.children.flatMap((c) => serialise(c, depth + 1)), `${pad}</${e.name}>`];
}

/** An XML 1.0 document in UTF-8, ending with a newline. */
export function xmlDocument(root: XmlElement): string {
  return ['<?xml version="1.0" encoding="UTF-8"?>', ...serialise(root, 0), ''].join('\n');
}
