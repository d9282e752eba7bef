import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MemevalError } from '../errors.js';
import { readManifest } from './read.js';

/** Folder names under reports/ that are not runs. */
const NOT_RUNS = new Set(['baseline']);

/**
 * The newest run folder under `reportsDir`: the one whose run.json says it was created last
 * (the file's modification time breaks ties). Run ids are content hashes, so names do not sort by time.
 */
export function newestRunDir(reportsDir: string): string {
  const candidates = existsSync(reportsDir)
    ? readdirSync(reportsDir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && !NOT_RUNS.has(d.name) && existsSync(join(reportsDir, d.name, 'run.json')))
        .map((d) => {
          const dir = join(reportsDir, d.name);
          const runJson = join(dir, 'run.json');
          return { dir, createdAt: readManifest(runJson).createdAt, mtimeMs: statSync(runJson).mtimeMs };
        })
    : [];
  if (candidates.length === 0)
    throw new MemevalError(
      'BAD_INPUT',
      `no run folders under ${reportsDir}/ (run \`memeval run\` first, or name one with --current)`,
    );
  candidates.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.mtimeMs - b.mtimeMs);
  return candidates[candidates.length - 1].dir;
}
