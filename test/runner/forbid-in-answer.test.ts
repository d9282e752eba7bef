import { describe, expect, it } from 'vitest';
import { runCell } from '../../src/runner/cell.js';
import { scoreCell } from '../../src/runner/score.js';
import type { Step } from '../../src/scenario/schema.js';
import { cellOf, quietDeps } from '../helpers/cells.js';
import { useTempDir } from '../helpers/store.js';

const tempDir = useTempDir();

/** Both cities are said in one sentence, so the offline reader's answer names the old one too. */
const steps = (forbid: { forbidden?: string[]; forbid_in_answer?: string[] }): unknown[] => [
  { session: { id: 's1', user: 'u', turns: [{ id: 'move', user: 'I moved from Porto to Valencia, a city I love.' }] } },
  {
    probe: {
      id: 'city',
      user: 'u',
      after: '1d',
      kind: 'update',
      question: 'Which city have I moved to?',
      expect: { any: ['Valencia'] },
      evidence: ['move'],
      ...forbid,
    },
  },
];

async function scored(forbid: { forbidden?: string[]; forbid_in_answer?: string[] }) {
  const spec = await cellOf(steps(forbid) as Step[]);
  const cell = await runCell(spec, { deps: await quietDeps(), dbDir: tempDir(), keepDb: false });
  const [row] = await scoreCell(cell, { runId: 'run-x', priceAs: [] });
  return row;
}

describe('forbid_in_answer makes an answer that contains it wrong', () => {
  it('an answer naming the forbidden old value is wrong and flagged in its own column', async () => {
    const row = await scored({ forbid_in_answer: ['Porto'] });
    expect(row.answer).toContain('Valencia');
    expect(row).toMatchObject({ correct: false, score: 0, forbidden_in_answer: true, leaked: false });
  });

  it('forbidden alone only marks the leak and leaves the verdict', async () => {
    const row = await scored({ forbidden: ['Porto'] });
    expect(row).toMatchObject({ correct: true, leaked: true, forbidden_in_answer: false });
  });

  it('a forbid_in_answer string the answer does not contain changes nothing', async () => {
    const row = await scored({ forbid_in_answer: ['Lisbon'] });
    expect(row).toMatchObject({ correct: true, score: 1, forbidden_in_answer: false });
  });
});
