import { describe, expect, it } from 'vitest';
import { memevalCli } from '../helpers/cli.js';

// yargs' own `choices` check prints a multi-line block outside the error codes; every option
// and positional with a fixed set of values is refused in one line naming it, exit 2, instead.
describe('a value outside an option or argument’s choices', () => {
  it.each([
    [['run', '--display', 'fancy'], '--display: ', '"auto"|"bar"|"plain"|"none"'],
    [['run', '--cache', 'sometimes'], '--cache: ', '"record"'],
    [['check', '--fail-on', 'maybe'], '--fail-on: ', '"any-drop"|"significant"'],
    [['import', 'locomoo', 'x.json', '--out', 'never-written'], 'dataset: ', '"locomo"|"longmemeval"'],
    [['scenarios', 'lst'], 'action: ', '"list"|"validate"'],
  ])('memeval %j: one line naming it, exit 2', (args, names, choices) => {
    const r = memevalCli(args);
    expect(r.status).toBe(2);
    const lines = r.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('npm warn'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`memeval: ${names}`);
    expect(lines[0]).toContain(choices);
  });

  it('help still lists the choices', () => {
    const r = memevalCli(['run', '--help']);
    expect(r.stdout).toContain('[choices: auto, bar, plain, none]');
  });
});
