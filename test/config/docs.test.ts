import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flagName, GATE_OPTIONS, RUN_OPTIONS, type OptionTable } from '../../src/config/options.js';
import { REPO_ROOT } from '../helpers/cli.js';

/** The docs table row an option should have; the table is generated from the option table. */
function rows(table: OptionTable, prefix: string): string[] {
  return Object.entries(table).map(([key, o]) => {
    const def = o.default === undefined ? 'unset' : `\`${JSON.stringify(o.default)}\``;
    return `| \`${prefix}${key}\` | \`${flagName(o)}\` | \`${o.env}\` | ${def} | ${o.describe.replace(/\|/g, '\\|')} |`;
  });
}

describe('docs/config.md', () => {
  it('lists every option with its flag, variable and default as the option table declares them', () => {
    const doc = readFileSync(join(REPO_ROOT, 'docs/config.md'), 'utf8');
    for (const row of [...rows(RUN_OPTIONS, ''), ...rows(GATE_OPTIONS, 'gate.')]) expect(doc).toContain(row);
  });
});
