import { isNode, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { MemevalError, type ErrorCode } from '../errors.js';

/** A parsed YAML file with what is needed to point at a line later. */
export interface YamlFile {
  doc: Document;
  lineCounter: LineCounter;
  /** The document as plain JS, for a zod schema. */
  raw: unknown;
}

/** Copies of an aliased node the parser may make; the yaml package's default, stated so the message can name it. */
const MAX_ALIAS_COUNT = 100;

/** Line of the first alias (`*name`) in the document, to point at where the expansion starts. */
function firstAliasLine(doc: Document, lineCounter: LineCounter): number | undefined {
  let line: number | undefined;
  visit(doc, {
    Alias(_, node) {
      if (node.range) line = lineCounter.linePos(node.range[0]).line;
      return visit.BREAK;
    },
  });
  return line;
}

/**
 * Parses YAML for a user-written file. Syntax errors become one MemevalError (`code`) listing
 * `name:line:col: YAML syntax error: …`; duplicate keys are errors, so a typo never hides a value.
 */
export function parseYamlFile(text: string, name: string, code: ErrorCode): YamlFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const lines = doc.errors.map((e) => {
      const pos = e.linePos?.[0];
      return `${name}${pos ? `:${pos.line}:${pos.col}` : ''}: YAML syntax error: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`;
    });
    // The first error is the one to fix; the rest are usually the parser losing its footing after it.
    const more = lines.length > 1 ? ` (and ${lines.length - 1} more error(s) after it)` : '';
    throw new MemevalError(code, `${lines[0]}${more}`);
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    // The yaml package refuses an alias expanding too far ("Excessive alias count"), an alias
    // bomb's billions of nodes; the message names no file, so it is said here with the file.
    const first = firstAliasLine(doc, lineCounter);
    throw new MemevalError(
      code,
      `${name}${first ? `:${first}` : ''}: YAML aliases expand too far (more than ${MAX_ALIAS_COUNT} copies; an alias bomb?): ${(err as Error).message}`,
    );
  }
  return { doc, lineCounter, raw };
}

/** Line of the deepest node that exists along `path`, so a missing key points at its parent. */
export function lineOf(file: YamlFile, path: readonly (string | number)[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = file.doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return file.lineCounter.linePos(node.range[0]).line;
  }
  return undefined;
}
