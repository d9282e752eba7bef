import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCell } from '../../src/runner/cell.js';
import { scoreCell } from '../../src/runner/score.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { cellOf, quietDeps } from '../helpers/cells.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();
const BIN = new URL('../../bin/memeval.js', import.meta.url).pathname;

const YAML = `id: probe-only
description: a question asked in a session of its own that has no turns
users: [a]
steps:
  - session:
      id: s1
      user: a
      turns:
        - { id: code, user: My gym locker code is 4417. }
  - session: { id: s2, user: a, after: 1d, turns: [] }
  - probe: { id: p, user: a, session: s2, question: What is my gym locker code?, expect: { any: ["4417"] }, evidence: [code], forbid_in_answer: ["9999"] }
`;

describe('a session may have no turns and only hold probes', () => {
  it('parses, with turns empty and forbid_in_answer kept', () => {
    const { scenario } = parseScenarioText(YAML, 'probe-only.yaml');
    const step = scenario.steps[1];
    expect('session' in step && step.session.turns).toEqual([]);
    const probe = scenario.steps[2];
    expect('probe' in probe && probe.probe.forbid_in_answer).toEqual(['9999']);
  });

  it('runs: the probe is asked in that session and answered from memory', async () => {
    const { scenario } = parseScenarioText(YAML, 'probe-only.yaml');
    const spec = await cellOf(scenario.steps);
    const cell = await runCell(spec, { deps: await quietDeps(), dbDir: tempDir(), keepDb: false });
    const [row] = await scoreCell(cell, { runId: 'run-x', priceAs: [] });
    expect(row).toMatchObject({ correct: true, evidence_recall: 1, forbidden_in_answer: false, error: null });
  });

  it('scenarios validate accepts it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'memeval-probe-only-'));
    writeFileSync(join(dir, 'probe-only.yaml'), YAML);
    const r = spawnSync(process.execPath, [BIN, 'scenarios', 'validate', 'probe-only.yaml'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('ok probe-only.yaml (probe-only, 1 probes)');
  });
});
