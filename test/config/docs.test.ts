import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EMBEDDER } from '../../src/embedders/registry.js';
import { flagName, type OptionDecl, type OptionTable } from '../../src/config/option-decl.js';
import { COMMAND_OPTIONS, GATE_OPTIONS, RUN_OPTIONS } from '../../src/config/options.js';
import { REPO_ROOT } from '../helpers/cli.js';

const doc = (file: string) => readFileSync(join(REPO_ROOT, file), 'utf8');

const cells = (o: OptionDecl) => {
  const def = o.default === undefined ? 'unset' : `\`${JSON.stringify(o.default)}\``;
  return `\`${flagName(o)}\` | ${o.env === undefined ? '—' : `\`${o.env}\``} | ${def} | ${o.describe.replace(/\|/g, '\\|')} |`;
};

/** The config-table row an option should have; the table is generated from the option table. */
const configRows = (table: OptionTable, prefix: string) =>
  Object.entries(table).map(([key, o]) => `| \`${prefix}${key}\` | ${cells(o)}`);

/** The text of docs/config.md under `### \`memeval <command>\``, up to the next heading. */
function commandSection(text: string, command: string): string {
  const start = text.indexOf(`### \`memeval ${command}\``);
  expect(start, `docs/config.md has a section for memeval ${command}`).toBeGreaterThanOrEqual(0);
  const end = text.indexOf('\n#', start + 1);
  return text.slice(start, end < 0 ? undefined : end);
}

/** Options a command's section need not repeat: they are in the config-key table above it. */
const IN_CONFIG_TABLE: Record<string, OptionTable> = { run: RUN_OPTIONS, check: GATE_OPTIONS };

describe('docs/config.md', () => {
  const text = doc('docs/config.md');

  it('lists every config option with its flag, variable and default as the option table declares them', () => {
    for (const row of [...configRows(RUN_OPTIONS, ''), ...configRows(GATE_OPTIONS, 'gate.')])
      expect(text).toContain(row);
  });

  it.each(Object.keys(COMMAND_OPTIONS))(
    'lists every option of memeval %s in its section, as its table declares it',
    (command) => {
      const section = commandSection(text, command);
      const inTable = new Set(Object.values(IN_CONFIG_TABLE[command] ?? {}));
      for (const o of Object.values(COMMAND_OPTIONS[command as keyof typeof COMMAND_OPTIONS] as OptionTable)) {
        if (!inTable.has(o)) expect(section).toContain(`| ${cells(o)}`);
      }
    },
  );
});

describe('docs/strategies.md', () => {
  it('names the default embedder the option table and buildDeps use', () => {
    expect(RUN_OPTIONS.embedder.default).toBe(DEFAULT_EMBEDDER);
    expect(doc('docs/strategies.md')).toContain(`\`--embedder ${DEFAULT_EMBEDDER}\` (the default)`);
  });
});
