import { MemevalError, type ErrorCode } from '../errors.js';

/** What each file-system error means to someone who gave memeval a path. */
const REASONS: Record<string, string> = {
  ENOTDIR: 'a part of the path is a file, not a folder',
  EEXIST: 'a file is in the way where a folder is needed',
  EISDIR: 'is a folder, not a file',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENAMETOOLONG: 'a name in the path is too long',
  ELOOP: 'too many symbolic links in the path',
  ENOENT: 'no such file or folder',
};

/**
 * A file-system error (ENOTDIR, EROFS, ENOSPC, …) as one line naming the flag and path the user
 * gave (`--out reports`), the file it happened on, and what the code means. Anything else —
 * a MemevalError already, or a bug — is returned unchanged.
 */
export function pathError(what: string, err: unknown, code: ErrorCode = 'BAD_INPUT'): unknown {
  const e = err as NodeJS.ErrnoException;
  if (err instanceof MemevalError || typeof e?.code !== 'string' || !(e.code in REASONS)) return err;
  const verb =
    e.syscall === 'mkdir'
      ? 'cannot create'
      : e.syscall === 'read' || e.syscall === 'scandir'
        ? 'cannot read'
        : 'cannot write';
  const on = e.path ? `: ${verb} ${e.path}` : '';
  return new MemevalError(code, `${what}${on}: ${REASONS[e.code]} (${e.code})`, { cause: err });
}

/** Runs `fn`, turning a file-system error into `pathError(what, …)`. */
export function writingTo<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw pathError(what, err);
  }
}
