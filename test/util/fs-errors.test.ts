import { describe, expect, it } from 'vitest';
import { MemevalError } from '../../src/errors.js';
import { pathError, writingTo } from '../../src/util/fs-errors.js';

/** What Node's fs throws, for the codes a test cannot cause on demand (a read-only mount, a full disk). */
const fsError = (code: string, syscall: string, path: string) =>
  Object.assign(new Error(`${code}: raw message, ${syscall} '${path}'`), { code, syscall, path });

describe('file-system errors name the flag and path the user gave', () => {
  it.each([
    ['EROFS', 'open', 'the file system is read-only (EROFS)'],
    ['ENOSPC', 'write', 'no space left on the device (ENOSPC)'],
    ['EACCES', 'open', 'permission denied (EACCES)'],
    ['EDQUOT', 'write', 'disk quota exceeded (EDQUOT)'],
    ['EISDIR', 'open', 'is a folder, not a file (EISDIR)'],
    ['ENOTDIR', 'mkdir', 'a part of the path is a file, not a folder (ENOTDIR)'],
  ])('%s becomes one BAD_INPUT line (exit 2) naming --out', (code, syscall, reason) => {
    const err = pathError('--out /mnt/ro', fsError(code, syscall, '/mnt/ro/run-1/results.csv'));
    expect(err).toBeInstanceOf(MemevalError);
    expect((err as MemevalError).code).toBe('BAD_INPUT');
    expect((err as Error).message).toBe(
      `--out /mnt/ro: ${syscall === 'mkdir' ? 'cannot create' : 'cannot write'} /mnt/ro/run-1/results.csv: ${reason}`,
    );
  });

  it('leaves MemevalErrors and non-file-system errors alone', () => {
    const own = new MemevalError('USAGE', 'x');
    expect(pathError('--out o', own)).toBe(own);
    const bug = new TypeError('undefined is not a function');
    expect(pathError('--out o', bug)).toBe(bug);
    expect(() =>
      writingTo('--junit j.xml', () => {
        throw fsError('ENOSPC', 'write', 'j.xml.tmp-1');
      }),
    ).toThrow('--junit j.xml: cannot write j.xml.tmp-1: no space left on the device (ENOSPC)');
    expect(writingTo('--out o', () => 42)).toBe(42);
  });
});
