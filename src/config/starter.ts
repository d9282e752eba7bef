import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { STRATEGIES } from '../../strategies/index.js';
import { flagName, type OptionTable } from './option-decl.js';
import { GATE_OPTIONS, RUN_OPTIONS } from './options.js';

/** The example strategy file `memeval init` writes (a real, type-checked file in this folder). */
export const STARTER_STRATEGY_FILE = 'my-strategy.ts';
export const STARTER_CONFIG_FILE = 'memeval.config.yaml';

export function starterStrategy(): string {
  return readFileSync(new URL(`./templates/${STARTER_STRATEGY_FILE}`, import.meta.url), 'utf8');
}

/** Keys the starter writes by hand (examples, not defaults); every other option is generated. */
const HAND_WRITTEN = new Set(['scenarios', 'strategies']);

/**
 * One commented line per option, from the option table: the default as a value (or commented out
 * when there is none), so the starter never disagrees with the defaults it documents.
 */
function optionLines(table: OptionTable, indent = ''): string[] {
  return Object.entries(table)
    .filter(([key]) => !HAND_WRITTEN.has(key))
    .flatMap(([key, o]) => {
      const doc = `${indent}# ${o.describe}. Flag ${flagName(o)}, env ${o.env}.`;
      const yaml = (v: unknown) => stringify(v, { flow: true }).trim();
      const value =
        o.default === undefined ? `${indent}# ${key}: ${yaml(o.example)}` : `${indent}${key}: ${yaml(o.default)}`;
      return [doc, value];
    });
}

/** The commented memeval.config.yaml `memeval init` writes; it runs as written. */
export function starterConfig(): string {
  return [
    '# memeval.config.yaml — what `memeval run` evaluates (written by `memeval init`).',
    '# For every key: command-line flag > MEMEVAL_* environment variable > this file > default.',
    '# Paths are relative to this file. Unknown keys are errors. Reference: docs/config.md.',
    '',
    '# Scenarios: built-in ids (see `memeval scenarios list`), id globs, or your own YAML files and',
    '# folders. Leave the key out to run every built-in scenario.',
    'scenarios:',
    '  - same-session-recall',
    '  - restart-cross-session',
    '',
    `# Strategies: built-in names (${Object.keys(STRATEGIES).join(', ')}), paths to your own strategy files,`,
    '# spec strings (name:key=value,…) or { name, options }. The same strategy with other options is',
    '# another row of summary.csv; `all` is every built-in.',
    'strategies:',
    '  - recency',
    '  - { name: recency, options: { scope: session } }',
    `  - { name: ./${STARTER_STRATEGY_FILE}, options: { topK: 4 } }`,
    '',
    ...optionLines(RUN_OPTIONS),
    '',
    '# The CI gate (`memeval check`): a blessed baseline and the regressions it tolerates.',
    'gate:',
    ...optionLines(GATE_OPTIONS, '  '),
    '',
  ].join('\n');
}
