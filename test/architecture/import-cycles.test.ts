import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { circles, findCycle, valueImportGraph, valueSpecifiers } from './import-graph.js';

describe('value imports form no cycle', () => {
  it('src/ and strategies/ have no import cycle that carries values', () => {
    const graph = valueImportGraph(REPO_ROOT, ['src', 'strategies']);
    expect(graph.size).toBeGreaterThan(100);
    // Every circle at once, so one fix does not just reveal the next.
    const found = circles(graph).map((c) => c.join(', '));
    expect(found, `value-import cycle: ${findCycle(graph)?.join(' → ')}`).toEqual([]);
  });
});

describe('the import reader behind that check', () => {
  it('counts value imports and re-exports and skips type-only ones', () => {
    const source = [
      "import { a, type B } from './a.js';",
      "import type { C } from './c.js';",
      "import { type D, type E } from './d.js';",
      "import def from './def.js';",
      "import * as ns from './ns.js';",
      "import './side-effect.js';",
      "export { f } from './f.js';",
      "export type { G } from './g.js';",
      "export * from './star.js';",
      'import {',
      '  h,',
      "} from './multi.js';",
      "export const text = './not-an-import.js';",
      "export default defineStrategy({ name: 'x' });",
    ].join('\n');
    expect(valueSpecifiers(source)).toEqual([
      './a.js',
      './def.js',
      './ns.js',
      './side-effect.js',
      './f.js',
      './star.js',
      './multi.js',
    ]);
  });

  it('finds a cycle and prints it as a path', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(findCycle(graph)).toEqual(['a.ts', 'b.ts', 'c.ts', 'a.ts']);
    expect(circles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    expect(
      findCycle(
        new Map([
          ['a.ts', ['b.ts']],
          ['b.ts', []],
        ]),
      ),
    ).toBeNull();
  });
});
