import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { scrubSecrets } from '../util/secrets.js';

/**
 * Writes to a temporary name beside the target, flushes it, then renames, so a reader (or a run
 * killed halfway) never sees half a file: the target is either the old file, absent, or whole.
 * Every report file goes through here, so it is also where they are scrubbed of secrets.
 */
export function writeFileAtomic(file: string, content: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    const fd = openSync(tmp, 'w');
    try {
      writeFileSync(fd, scrubSecrets(content));
      // Without the flush a power cut after the rename could leave an empty file under the real name.
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
