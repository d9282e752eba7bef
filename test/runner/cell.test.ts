import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCell, type ProbeOutcome } from '../../src/runner/cell.js';
import { cellOf, countingRecency, quietDeps, ThrowingModel } from '../helpers/cells.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();

const fact = (id: string, user: string, extra: object = {}) => ({
  session: { id, user: 'u', ...extra, turns: [{ id: `${id}-t`, user, assistant: 'Noted.' }] },
});
const probe = (id: string, question: string, any: string[], extra: object = {}) => ({
  probe: { id, user: 'u', question, expect: { any }, ...extra },
});

function ok(o: ProbeOutcome) {
  if (o.status !== 'ok') throw new Error(`probe ${o.probe.id} errored: ${o.error}`);
  return o;
}

describe('runCell', () => {
  it('ingests scripted turns without model calls, maps turn ids to stored ids, and recalls across a restart with a new strategy instance', async () => {
    const { strategy, created } = await countingRecency();
    const model = new ThrowingModel('never-asked');
    let calls = 0;
    const counted = {
      ...model,
      id: model.id,
      provider: model.provider,
      complete: (r: Parameters<typeof model.complete>[0]) => (calls++, model.complete(r)),
    };
    const spec = await cellOf(
      [
        fact('s1', 'My locker code at the climbing gym is 4417.'),
        { restart: true },
        probe('code', 'What is my gym locker code?', ['4417'], { after: '2d', evidence: ['s1-t'] }),
      ],
      { strategy, model: counted },
    );
    const dir = tempDir();
    const result = await runCell(spec, { deps: await quietDeps(), dbDir: dir, keepDb: false });
    const o = ok(result.outcomes[0]);
    expect(calls).toBe(1);
    expect(created()).toBe(2);
    expect(o.turn.reply.text).toContain('4417');
    expect(o.evidenceIds).toHaveLength(1);
    expect(o.turn.context.messageIds).toContain(o.evidenceIds[0]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a failed save is kept and written later, so the fact is recalled and its evidence found', async () => {
    const spec = await cellOf([
      { fault: { kind: 'fail-next-save' } },
      fact('s1', 'I left the car on parking level 3, bay 118.'),
      probe('bay', 'Where did I leave the car parked?', ['118'], { after: '1d', evidence: ['s1-t'] }),
    ]);
    const result = await runCell(spec, { deps: await quietDeps(), dbDir: tempDir(), keepDb: false });
    const o = ok(result.outcomes[0]);
    expect(o.turn.reply.text).toContain('118');
    expect(o.evidenceIds[0]).not.toBeNull();
    expect(result.warnings.join('\n')).toContain('injected write failure');
  });

  it('while the store is unavailable the chatbot answers from its buffer, and the turns are stored once it is back', async () => {
    const spec = await cellOf([
      { fault: { kind: 'store-unavailable', turns: 2 } },
      fact('s1', 'My sister Marta lives in Porto.'),
      probe('during', 'Where does my sister Marta live?', ['Porto'], { evidence: ['s1-t'] }),
      fact('s2', 'The weather is fine.', { after: '1h' }),
      probe('after', 'Where does my sister Marta live?', ['Porto'], { after: '1d', evidence: ['s1-t'] }),
    ]);
    const result = await runCell(spec, { deps: await quietDeps(), dbDir: tempDir(), keepDb: true });
    const during = ok(result.outcomes[0]);
    expect(during.turn.degraded).toBe(true);
    expect(during.turn.reply.text).toContain('Porto');
    expect(during.evidenceIds).toEqual([null]);
    const after = ok(result.outcomes[1]);
    expect(after.turn.degraded).toBe(false);
    expect(after.turn.reply.text).toContain('Porto');
    expect(after.turn.context.messageIds).toContain(after.evidenceIds[0]);
    expect(result.dbFile && existsSync(result.dbFile)).toBe(true);
  });

  it('a probe whose model call throws becomes an error outcome; the other probes still run', async () => {
    const spec = await cellOf(
      [
        fact('s1', 'My favourite tea is lapsang.'),
        probe('a', 'What is my favourite tea? kaboom', ['lapsang']),
        probe('b', 'What is my favourite tea?', ['lapsang']),
      ],
      { model: new ThrowingModel('kaboom') },
    );
    const result = await runCell(spec, { deps: await quietDeps(), dbDir: tempDir(), keepDb: false });
    expect(result.outcomes.map((o) => o.status)).toEqual(['error', 'ok']);
    expect(result.outcomes[0]).toMatchObject({ status: 'error', error: 'model exploded' });
  });

  it('a strategy that cannot be built errors every probe of its cell instead of the run', async () => {
    const { strategy } = await countingRecency();
    const broken = {
      ...strategy,
      definition: {
        ...strategy.definition,
        create: () => {
          throw new Error('no model files');
        },
      },
    };
    const spec = await cellOf(
      [
        fact('s1', 'My favourite tea is lapsang.'),
        probe('a', 'What is my favourite tea?', ['lapsang']),
        probe('b', 'Which tea?', ['lapsang']),
      ],
      { strategy: broken },
    );
    const result = await runCell(spec, { deps: await quietDeps(), dbDir: tempDir(), keepDb: false });
    expect(result.outcomes).toEqual([
      expect.objectContaining({
        status: 'error',
        error: 'cell failed: strategy counting: create() failed: no model files',
      }),
      expect.objectContaining({
        status: 'error',
        error: 'cell failed: strategy counting: create() failed: no model files',
      }),
    ]);
    expect(result.strategyInfo.embedder).toBe('unknown');
  });

  it('probes do not write to memory unless persist is set', async () => {
    const spec = await cellOf([
      fact('s1', 'My favourite tea is lapsang.'),
      probe('p1', 'My neighbour Zed owns a kayak. What is my favourite tea?', ['lapsang']),
      probe('p2', 'Who owns a kayak?', ['Zed'], { after: '1h' }),
      probe('p3', 'My cousin Ivo plays the oboe. What is my favourite tea?', ['lapsang'], {
        persist: true,
        after: '1h',
      }),
      probe('p4', 'Which instrument does Ivo play?', ['oboe'], { after: '1h' }),
    ]);
    const result = await runCell(spec, { deps: await quietDeps(), dbDir: tempDir(), keepDb: false });
    const answers = result.outcomes.map((o) => ok(o).turn.reply.text);
    expect(answers[1]).toBe("I don't know.");
    expect(answers[3]).toContain('oboe');
  });
});
