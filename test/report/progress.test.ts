import { describe, expect, it } from 'vitest';
import { effectiveDisplay, progressDisplay } from '../../src/report/progress.js';

function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  const stream = { isTTY, columns: 80, write: (s: string) => written.push(s) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, written };
}

describe('progress display', () => {
  it('auto is a bar on a terminal outside CI, plain on a pipe or in CI', () => {
    expect(effectiveDisplay('auto', { isTTY: true }, {})).toBe('bar');
    expect(effectiveDisplay('auto', { isTTY: false }, {})).toBe('plain');
    expect(effectiveDisplay('auto', { isTTY: true }, { CI: 'true' })).toBe('plain');
    expect(effectiveDisplay('auto', { isTTY: true }, { CI: 'false' })).toBe('bar');
    expect(effectiveDisplay('none', { isTTY: true }, {})).toBe('none');
  });

  it('plain writes a whole line per finished cell of a small run, and about every 5% of a large one', () => {
    const small = fakeStream(false);
    const p = progressDisplay('plain', small.stream, {});
    p.update(1, 12, 'profile-fact · recency');
    p.update(12, 12, 'temporal · hybrid');
    expect(small.written).toEqual(['[ 1/12] profile-fact · recency\n', '[12/12] temporal · hybrid\n']);

    const large = fakeStream(false);
    const q = progressDisplay('plain', large.stream, {});
    for (let done = 1; done <= 2000; done++) q.update(done, 2000, 'q');
    expect(large.written.length).toBe(21);
    expect(large.written.at(-1)).toBe('[2000/2000] q\n');
  });

  it('bar redraws one line and clears it; none writes nothing', () => {
    const tty = fakeStream(true);
    const bar = progressDisplay('bar', tty.stream, {});
    bar.update(6, 12, 'x');
    bar.clear();
    expect(tty.written[0]).toMatch(/^\r\x1b\[2K\[#{12}\.{12}\] 6\/12 x$/);
    expect(tty.written[1]).toBe('\r\x1b[2K');
    const quiet = fakeStream(true);
    progressDisplay('none', quiet.stream, {}).update(1, 2, 'x');
    expect(quiet.written).toEqual([]);
  });
});
