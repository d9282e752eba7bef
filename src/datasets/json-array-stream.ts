import { createReadStream } from 'node:fs';
import { MemevalError } from '../errors.js';

/** One element of a top-level JSON array, parsed, with its position for error messages. */
export interface ArrayElement {
  index: number;
  value: unknown;
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Characters that matter outside a string (braces and quotes) or inside one (quote and backslash). */
const STRUCTURAL = /[{}"]/g;
const IN_STRING = /["\\]/g;

/** Index of the next match of a global regex from `from`, or -1. */
function nextIndex(re: RegExp, text: string, from: number): number {
  re.lastIndex = from;
  return re.exec(text)?.index ?? -1;
}

/**
 * Reads a file holding one JSON array of objects and yields the objects one by one, so a
 * 2.7 GB file (LongMemEval_M) never sits in memory whole: only the current element's text does.
 *
 * It is a splitter, not a parser: it tracks brace depth and string/escape state to find where
 * each element ends, then hands that slice to JSON.parse. Anything else at the top level, bytes
 * that are not UTF-8, or a file that ends inside an element is a DATASET_INVALID error naming
 * the file and the element (`$[12]`).
 */
export async function* streamJsonArray(
  file: string,
  options: { chunkBytes?: number } = {},
): AsyncGenerator<ArrayElement> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const fail = (message: string, cause?: unknown): never => {
    throw new MemevalError('DATASET_INVALID', `${file}: ${message}`, { cause });
  };

  type State = 'before-array' | 'between' | 'after-comma' | 'in-element' | 'done';
  let state: State = 'before-array';
  let index = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  /** Text of the current element collected from earlier chunks. */
  let parts: string[] = [];
  let bytesRead = 0;

  const stream = createReadStream(file, { highWaterMark: options.chunkBytes ?? 1 << 20 });
  try {
    for await (const buf of stream as AsyncIterable<Buffer>) {
      let text: string;
      try {
        text = decoder.decode(buf, { stream: true });
      } catch (err) {
        fail(`not valid UTF-8 (near byte ${bytesRead}, in or after element $[${index}])`, err);
      }
      bytesRead += buf.length;
      yield* scan(text!);
    }
    try {
      const rest = decoder.decode();
      if (rest) yield* scan(rest);
    } catch (err) {
      fail(`not valid UTF-8 (the file ends inside a multi-byte character)`, err);
    }
  } catch (err) {
    if (err instanceof MemevalError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    fail(code === 'ENOENT' ? 'no such file' : `cannot be read (${(err as Error).message})`, err);
  } finally {
    stream.destroy();
  }
  // `scan` moves the state; TypeScript cannot see that through the closure.
  const finalState = state as State;
  if (finalState === 'before-array') fail('empty file; expected a JSON array of objects');
  if (finalState !== 'done') fail(`truncated: the file ends inside the top-level array (at element $[${index}])`);

  function* scan(text: string): Generator<ArrayElement> {
    let i = 0;
    let elementStart = state === 'in-element' ? 0 : -1;
    while (i < text.length) {
      if (state === 'in-element') {
        if (inString) {
          if (escaped) {
            escaped = false;
            i++;
            continue;
          }
          const at = nextIndex(IN_STRING, text, i);
          if (at < 0) break;
          i = at + 1;
          if (text.charCodeAt(at) === BACKSLASH) escaped = true;
          else inString = false;
          continue;
        }
        const at = nextIndex(STRUCTURAL, text, i);
        if (at < 0) break;
        i = at + 1;
        const c = text.charCodeAt(at);
        if (c === QUOTE) inString = true;
        else if (c === OPEN_BRACE) depth++;
        else if (c === CLOSE_BRACE && --depth === 0) {
          parts.push(text.slice(elementStart, i));
          const json = parts.join('');
          parts = [];
          let value: unknown;
          try {
            value = JSON.parse(json);
          } catch (err) {
            fail(`element $[${index}] is not valid JSON (${(err as Error).message})`, err);
          }
          yield { index, value };
          index++;
          state = 'between';
        }
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || (c === 0xfeff && state === 'before-array')) {
        i++;
        continue;
      }
      if (state === 'before-array') {
        if (c !== 0x5b) fail(`expected a JSON array of objects at the top level, found ${JSON.stringify(text[i])}`);
        state = 'after-comma';
        i++;
        continue;
      }
      if (state === 'done') fail(`unexpected ${JSON.stringify(text[i])} after the end of the top-level array`);
      if (c === 0x5d && (state === 'between' || index === 0)) {
        state = 'done';
        i++;
        continue;
      }
      if (state === 'between') {
        if (c !== 0x2c) fail(`expected "," or "]" after element $[${index - 1}], found ${JSON.stringify(text[i])}`);
        state = 'after-comma';
        i++;
        continue;
      }
      // after-comma: an element must start here.
      if (c !== OPEN_BRACE) fail(`element $[${index}] is not an object (starts with ${JSON.stringify(text[i])})`);
      state = 'in-element';
      depth = 1;
      elementStart = i;
      i++;
    }
    if (state === 'in-element') parts.push(text.slice(elementStart));
  }
}
