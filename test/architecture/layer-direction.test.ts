import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { valueImportGraph } from './import-graph.js';
import { LAYERS, layerOf, UPWARD_EXCEPTIONS } from './layers.js';

const graph = valueImportGraph(REPO_ROOT, ['src', 'strategies']);

describe('imports run one way: cli → config → runner → report → metrics/judges → strategy → models/embedders → store → util', () => {
  it('every file belongs to a layer', () => {
    for (const file of graph.keys()) expect(() => layerOf(file)).not.toThrow();
  });

  it('no module value-imports a layer above its own, except the listed ones', () => {
    const upward: string[] = [];
    for (const [from, targets] of graph) {
      for (const to of targets) {
        if (layerOf(to) >= layerOf(from)) continue;
        if (UPWARD_EXCEPTIONS.some((e) => e.from === from && e.to === to)) continue;
        upward.push(`${from} (${LAYERS[layerOf(from)].name}) → ${to} (${LAYERS[layerOf(to)].name})`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('every listed exception still exists and says why', () => {
    for (const e of UPWARD_EXCEPTIONS) {
      expect(graph.get(e.from), e.from).toContain(e.to);
      expect(layerOf(e.to)).toBeLessThan(layerOf(e.from));
      expect(e.why.length).toBeGreaterThan(20);
    }
  });
});

describe('the strategy SDK knows no strategy', () => {
  it('nothing in src/strategy/ imports from strategies/, not even a type', () => {
    const sdk = readdirSync(join(REPO_ROOT, 'src/strategy')).filter((f) => f.endsWith('.ts'));
    const reaching = sdk.filter((f) =>
      /from\s+['"](\.\.\/)+strategies\//.test(readFileSync(join(REPO_ROOT, 'src/strategy', f), 'utf8')),
    );
    expect(reaching).toEqual([]);
  });
});
