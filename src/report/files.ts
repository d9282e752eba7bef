import { renameSync, rmSync, writeFileSync } from 'node:fs';

/** Writes to a temporary name beside the target, then renames, so a reader never sees half a file. */
export function writeFileAtomic(file: string, content: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
