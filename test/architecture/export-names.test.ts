import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'templates' ? [] : tsFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

const DECLARATION = /^export\s+(?:async\s+)?(?:const|let|function|class|interface|type|enum)\s+([A-Za-z_$][\w$]*)/gm;

describe('one meaning per name', () => {
  it('no two modules of src/ and strategies/ declare an export of the same name', () => {
    const where = new Map<string, string[]>();
    for (const file of ['src', 'strategies'].flatMap((f) => tsFiles(join(REPO_ROOT, f)))) {
      for (const [, name] of readFileSync(file, 'utf8').matchAll(DECLARATION)) {
        // A zod schema and its type share a name in one file on purpose (`Scenario`); across files a name must be unique.
        where.set(name, [...new Set([...(where.get(name) ?? []), relative(REPO_ROOT, file)])]);
      }
    }
    // Two runEval, two DEFAULT_CONCURRENCY, two JUDGES once meant different things in different files.
    const twice = [...where]
      .filter(([, files]) => files.length > 1)
      .map(([name, files]) => `${name}: ${files.join(', ')}`);
    expect(twice).toEqual([]);
  });
});
