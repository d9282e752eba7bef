import { accessSync, constants, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PREFIX = 'memeval-run-';
/** `memeval-run-<pid>-XXXXXX`: the pid tells a later run whether the owner is still alive. */
const OWNED = /^memeval-run-(\d+)-/;

/**
 * Where cell databases live while a run lasts: a memory-backed folder when the system has one
 * (they are thrown away, and skipping the disk made the built-in suite ~25% faster here), else
 * the system temp folder.
 */
export function scratchRoot(): string {
  const shm = '/dev/shm';
  try {
    accessSync(shm, constants.W_OK);
    return shm;
  } catch {
    return tmpdir();
  }
}

/** True unless the system says no such process exists (another user's live process answers EPERM). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Makes this run's scratch folder, first removing the ones killed runs left behind. A killed run
 * (SIGKILL, a CI timeout) never reaches its cleanup, and under /dev/shm its databases hold RAM
 * until reboot; the owner's pid in the name tells which folders nobody will come back for.
 */
export function makeScratchDir(root = scratchRoot()): string {
  for (const name of safeList(root)) {
    const pid = OWNED.exec(name)?.[1];
    if (pid !== undefined && Number(pid) !== process.pid && !isAlive(Number(pid)))
      rmSync(join(root, name), { recursive: true, force: true });
  }
  return mkdtempSync(join(root, `${PREFIX}${process.pid}-`));
}

function safeList(root: string): string[] {
  try {
    return readdirSync(root).filter((n) => n.startsWith(PREFIX));
  } catch {
    return [];
  }
}
