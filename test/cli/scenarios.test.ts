import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = new URL('../../bin/memeval.js', import.meta.url).pathname;
const run = (args: string[], cwd = process.cwd()) =>
  spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });

describe('memeval scenarios', () => {
  it('list prints id, probes, tags and description of the built-in suite', () => {
    const r = run(['scenarios', 'list']);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^id\s+probes\s+tags\s+description$/);
    expect(lines.length).toBeGreaterThanOrEqual(15);
    expect(r.stdout).toMatch(/^temporal\s+2\s+temporal\s+Questions about when/m);
  });

  it('validate says ok per file, and exits 2 naming the file and path of a bad one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'memeval-scn-'));
    const good =
      'id: g\ndescription: d\nusers: [a]\nsteps:\n  - probe: { id: p, user: a, question: q?, expect: { abstain: true } }\n';
    writeFileSync(join(dir, 'good.yaml'), good);
    writeFileSync(join(dir, 'bad.yaml'), good.replace('{ abstain: true }', '{ abstain: true, any: [x] }'));
    const ok = run(['scenarios', 'validate', 'good.yaml'], dir);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('ok good.yaml (g, 1 probes)');
    const bad = run(['scenarios', 'validate', 'good.yaml', 'bad.yaml'], dir);
    expect(bad.status).toBe(2);
    expect(bad.stdout).toContain('ok good.yaml');
    expect(bad.stderr).toContain('bad.yaml: steps.0.probe.expect: give exactly one of any, regex, abstain');
  });

  it('validate accepts the built-in folder', () => {
    const r = run(['scenarios', 'validate', 'scenarios']);
    expect(r.status).toBe(0);
    expect(r.stdout.match(/^ok /gm)?.length).toBeGreaterThanOrEqual(14);
  });
});
