import type { CommandModule } from 'yargs';

/** A command as `--help` lists it; its module (and what that imports) loads only when it runs. */
export interface CommandEntry {
  describe: string;
  load: () => Promise<CommandModule<any, any>>;
}

/**
 * Every CLI command; adding one is one file in this folder plus one line here. Loaded lazily so
 * `memeval --version` or one command never pays for importing every other command's dependencies.
 */
export const COMMANDS: Record<string, CommandEntry> = {
  chat: {
    describe: 'Talk to a chatbot with memory (history is stored in SQLite and survives restarts)',
    load: async () => (await import('./chat.js')).chatCommand,
  },
  scenarios: {
    describe: 'List the built-in scenarios, or validate scenario files',
    load: async () => (await import('./scenarios.js')).scenariosCommand,
  },
  run: {
    describe: 'Run scenarios × strategies × models × budgets; write results.csv, summary.csv and run.json',
    load: async () => (await import('./run.js')).runCommand,
  },
  check: {
    describe: 'Compare a run with a baseline summary per cell; exit 1 on any regression (CI gate)',
    load: async () => (await import('./check.js')).checkCommand,
  },
  baseline: {
    describe: 'Manage the baseline that `memeval check` compares with',
    load: async () => (await import('./baseline.js')).baselineCommand,
  },
  report: {
    describe: 'Write report.html (one self-contained file: charts and a filterable probe table) into a run folder',
    load: async () => (await import('./report.js')).reportCommand,
  },
  merge: {
    describe: 'Join the shard folders of one run (memeval run --shard k/n) into one run folder that check accepts',
    load: async () => (await import('./merge.js')).mergeCommand,
  },
  import: {
    describe: 'Convert a LoCoMo or LongMemEval file into scenario YAML files',
    load: async () => (await import('./import.js')).importCommand,
  },
  init: {
    describe: 'Write a commented memeval.config.yaml and an example strategy file (my-strategy.ts)',
    load: async () => (await import('./init.js')).initCommand,
  },
  bench: {
    describe:
      'Measure save, retrieval, compaction and whole-run speed; print a table and write reports/bench-<time>.csv',
    load: async () => (await import('./bench.js')).benchCommand,
  },
};
