import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OfflineModel } from '../../src/models/offline.js';
import type { ChatModel, ChatRequest, ModelReply } from '../../src/models/types.js';
import { runCell, type ProbeOutcome } from '../../src/runner/cell.js';
import { JOURNAL_FILE } from '../../src/runner/journal.js';
import { runMatrix } from '../../src/runner/run.js';
import { cellOf, quietDeps, ThrowingModel } from '../helpers/cells.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();

const fact = (id: string, user: string, extra: object = {}) => ({
  session: { id, user: 'u', ...extra, turns: [{ id: `${id}-t`, user, assistant: 'Noted.' }] },
});
const probe = (id: string, question: string, any: string[], extra: object = {}) => ({
  probe: { id, user: 'u', question, expect: { any }, ...extra },
});

/** A reader that, when asked about `trigger`, replaces the cell's database folder with a file: a real outage, not an injected one. */
class SabotageModel implements ChatModel {
  readonly id = 'test-sabotage';
  readonly provider = 'offline' as const;
  private readonly inner = new OfflineModel();
  constructor(
    private readonly trigger: string,
    private readonly dbDir: string,
  ) {}
  async complete(request: ChatRequest): Promise<ModelReply> {
    if (request.messages.at(-1)?.content.includes(this.trigger)) {
      rmSync(this.dbDir, { recursive: true, force: true });
      writeFileSync(this.dbDir, 'the folder is gone');
    }
    return this.inner.complete(request);
  }
}

describe('runner faults (gaps left by cell.test.ts)', () => {
  it('the database folder vanishes mid-run: later probes are answered from the buffer (degraded), none is lost, nothing throws', async () => {
    const dbDir = join(tempDir(), 'cells');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dbDir);
    const spec = await cellOf(
      [
        fact('s1', 'My locker code is 4417.'),
        probe('before', 'What is my locker code? (sabotage)', ['4417'], { after: '1h' }),
        { restart: true },
        fact('s2', 'My bike is a green Brompton.', { after: '1h' }),
        probe('after', 'What bike do I have?', ['Brompton'], { after: '1h' }),
      ],
      { model: new SabotageModel('(sabotage)', dbDir) },
    );
    const result = await runCell(spec, { deps: await quietDeps(), dbDir, keepDb: false });
    expect(result.outcomes.map((o) => o.probe.id)).toEqual(['before', 'after']);
    const [before, after] = result.outcomes as Extract<ProbeOutcome, { status: 'ok' }>[];
    expect(before.status).toBe('ok');
    expect(before.turn.reply.text).toContain('4417');
    expect(after.status).toBe('ok');
    expect(after.turn.degraded).toBe(true);
    expect(after.turn.reply.text).toContain('Brompton');
    expect(result.warnings.join('\n')).toMatch(/store|database|unavailable/i);
  });

  it('the store cannot be created at all: every probe of the cell becomes an error row; other cells run', async () => {
    const notADir = join(tempDir(), 'file');
    writeFileSync(notADir, '');
    const spec = await cellOf([
      fact('s1', 'My locker code is 4417.'),
      probe('a', 'What is my locker code?', ['4417']),
      probe('b', 'Locker code?', ['4417']),
    ]);
    const result = await runCell(spec, { deps: await quietDeps(), dbDir: notADir, keepDb: false });
    expect(result.outcomes.map((o) => o.status)).toEqual(['error', 'error']);
    expect(result.outcomes[0]).toMatchObject({ error: expect.stringMatching(/^cell failed: /) });
  });

  it('injected outage, failed save and an API that always errors, in one run: every row present, errors recorded, journal complete', async () => {
    const file = join(tempDir(), 'faults.yaml');
    writeFileSync(
      file,
      `id: faults
description: outage, failed save and probes in one scenario
users: [u]
steps:
  - fault: { kind: fail-next-save }
  - session: { id: s1, user: u, turns: [{ id: t1, user: "My locker code is 4417.", assistant: Noted. }] }
  - fault: { kind: store-unavailable, turns: 2 }
  - session: { id: s2, user: u, after: 1h, turns: [{ id: t2, user: "My bike is a green Brompton.", assistant: Noted. }] }
  - probe: { id: locker, user: u, after: 1h, question: What is my locker code?, expect: { any: ["4417"] }, evidence: [t1] }
  - probe: { id: bike, user: u, after: 1d, question: What bike do I have?, expect: { any: [Brompton] }, evidence: [t2] }
`,
    );
    const out = tempDir();
    const result = await runMatrix({
      log: () => {},
      scenarios: [file],
      strategies: ['recency', 'recency:scope=session'],
      models: ['offline', 'test-throwing'],
      budgets: [4000, 300],
      outDir: out,
      createModel: (id) => (id === 'test-throwing' ? new ThrowingModel('') : new OfflineModel()),
    });
    // 2 strategies × 2 models × 2 budgets × 2 probes: nothing lost.
    expect(result.rows).toHaveLength(16);
    const offline = result.rows.filter((r) => r.model === 'offline' && r.strategy === 'recency');
    expect(offline.map((r) => [r.probe_id, r.correct, r.error])).toEqual([
      ['locker', true, null],
      ['bike', true, null],
      ['locker', true, null],
      ['bike', true, null],
    ]);
    const down = result.rows.filter((r) => r.model === 'test-throwing');
    expect(down).toHaveLength(8);
    expect(down.every((r) => r.error === 'model exploded' && r.correct === false && r.answer === null)).toBe(true);
    expect(result.summary.filter((s) => s.model === 'test-throwing').every((s) => s.errors === s.probes)).toBe(true);
    const manifest = result.manifest as { totals: { errors: number; probes: number } };
    expect(manifest.totals).toMatchObject({ probes: 16, errors: 8 });
    expect(readFileSync(join(result.runDir!, JOURNAL_FILE), 'utf8').trim().split('\n')).toHaveLength(8);
  });
});
