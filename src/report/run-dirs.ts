import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { MemevalError } from '../errors.js';

/**
 * `memeval merge`'s arguments as run folders: a folder as given, a glob (quoted, so the shell
 * leaves it alone — on Windows and in a CI step the shell may not expand it, and a fleet's
 * downloaded artifacts nest one folder per shard) as the folders it matches that hold a run.json,
 * in name order. A glob that matches no run folder is an error naming it, never an empty merge.
 */
export function expandRunDirs(args: readonly string[]): string[] {
  const out: string[] = [];
  for (const arg of args) {
    if (existsSync(arg) || !isDynamicPattern(arg)) {
      out.push(arg);
      continue;
    }
    const dirs = globSync(arg, { onlyDirectories: true, absolute: true, expandDirectories: false })
      .map((d) => d.replace(/[\\/]$/, ''))
      .filter((d) => statSync(d, { throwIfNoEntry: false })?.isDirectory() && existsSync(join(d, 'run.json')))
      .sort();
    if (dirs.length === 0)
      throw new MemevalError('BAD_INPUT', `merge: ${arg} matches no run folder (none with a run.json)`);
    out.push(...dirs);
  }
  // The same folder named twice (a glob and a folder) is one shard, not a repeated one.
  return [...new Set(out)];
}
