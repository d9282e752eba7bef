import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { streamJsonArray } from '../../src/datasets/json-array-stream.js';
import { readLocomo } from '../../src/datasets/locomo.js';
import { readLongMemEval } from '../../src/datasets/longmemeval.js';
import { MemevalError } from '../../src/errors.js';
import { FIXTURES } from './load.js';

const dir = mkdtempSync(join(tmpdir(), 'memeval-stream-'));
function file(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

async function failure(it: AsyncIterable<unknown>): Promise<MemevalError> {
  try {
    await collect(it);
  } catch (err) {
    expect(err).toBeInstanceOf(MemevalError);
    expect((err as MemevalError).code).toBe('DATASET_INVALID');
    return err as MemevalError;
  }
  throw new Error('expected a DATASET_INVALID error');
}

describe('streamJsonArray splits a top-level array of objects', () => {
  it('handles braces, quotes and escapes inside strings across tiny chunks', async () => {
    const values = [{ a: 'x } { " \\ y', b: [1, { c: '}}' }] }, { é: 'naïve — ✓ 😀' }, {}];
    const p = file('ok.json', `\uFEFF [\n${values.map((v) => JSON.stringify(v)).join(' ,\n')}\n] \n`);
    // 3-byte chunks split multi-byte characters and escapes; results must not depend on chunking.
    for (const chunkBytes of [3, 7, 1 << 20]) {
      expect((await collect(streamJsonArray(p, { chunkBytes }))).map((e) => e.value)).toEqual(values);
    }
    expect(await collect(streamJsonArray(file('empty-array.json', '[ ]')))).toEqual([]);
  });

  it('rejects a truncated file, naming the element', async () => {
    const err = await failure(streamJsonArray(file('trunc.json', '[{"a":1},{"b":"abc')));
    expect(err.message).toMatch(/trunc\.json: truncated.*\$\[1\]/);
  });

  it('rejects bytes that are not UTF-8', async () => {
    const err = await failure(
      streamJsonArray(
        file('latin1.json', Buffer.from([0x5b, 0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d, 0x5d])),
      ),
    );
    expect(err.message).toMatch(/latin1\.json: not valid UTF-8/);
  });

  it('rejects a top level that is not an array of objects', async () => {
    expect((await failure(streamJsonArray(file('obj.json', '{"a":1}')))).message).toMatch(/expected a JSON array/);
    expect((await failure(streamJsonArray(file('nums.json', '[{"a":1}, 2]')))).message).toMatch(
      /\$\[1\] is not an object/,
    );
    expect((await failure(streamJsonArray(file('bad.json', '[{"a":tru}]')))).message).toMatch(
      /\$\[0\] is not valid JSON/,
    );
    expect((await failure(streamJsonArray(file('after.json', '[{"a":1}] x')))).message).toMatch(/after the end/);
    expect((await failure(streamJsonArray(join(dir, 'missing.json')))).message).toMatch(/missing\.json: no such file/);
  });
});

describe('dataset readers reject wrong shapes with the file and JSON path', () => {
  it('LoCoMo: a turn without text, an unknown speaker', async () => {
    const good = JSON.parse(readFileSync(`${FIXTURES}locomo-mini.json`, 'utf8'));
    const noText = structuredClone(good);
    delete noText[1].conversation.session_1[1].text;
    let err = await failure(readLocomo(file('l1.json', JSON.stringify(noText))));
    expect(err.message).toMatch(/l1\.json: \$\[1\]\.conversation\.session_1\[1\]\.text: /);
    const stranger = structuredClone(good);
    stranger[0].conversation.session_2[0].speaker = 'Zed';
    err = await failure(readLocomo(file('l2.json', JSON.stringify(stranger))));
    expect(err.message).toMatch(/\$\[0\]\.conversation\.session_2\[0\]\.speaker: "Zed" is neither/);
    const noAnswer = structuredClone(good);
    delete noAnswer[0].qa[3].answer;
    err = await failure(readLocomo(file('l3.json', JSON.stringify(noAnswer))));
    expect(err.message).toMatch(/\$\[0\]\.qa\[3\]\.answer: categories 1-4 must have an answer/);
  });

  it('LongMemEval: unequal haystack arrays, a bad date', async () => {
    const good = JSON.parse(readFileSync(`${FIXTURES}longmemeval-mini.json`, 'utf8'));
    const unequal = structuredClone(good);
    unequal[2].haystack_dates.pop();
    let err = await failure(readLongMemEval(file('m1.json', JSON.stringify(unequal))));
    expect(err.message).toMatch(/m1\.json: \$\[2\]\.haystack_dates: haystack_dates and haystack_session_ids differ/);
    const badDate = structuredClone(good);
    badDate[0].question_date = '2023-05-30 23:40';
    err = await failure(readLongMemEval(file('m2.json', JSON.stringify(badDate))));
    expect(err.message).toMatch(/\$\[0\]\.question_date: a date like/);
  });
});
