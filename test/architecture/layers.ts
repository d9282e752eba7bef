/**
 * The layers of memeval, highest first. A module may value-import its own layer or any layer
 * below it, never one above: a value import that points up is how import cycles start (and an
 * import-order bug waits in every cycle). Type-only imports are free; TypeScript erases them.
 */
export const LAYERS: { name: string; paths: string[]; why: string }[] = [
  { name: 'cli', paths: ['src/cli/', 'src/index.ts'], why: 'entry points: the commands and the public library API' },
  { name: 'bench', paths: ['src/bench/'], why: 'the bench command drives the runner and the store directly' },
  {
    name: 'config',
    paths: ['src/config/'],
    why: 'option tables, config files and their resolution into runner options',
  },
  { name: 'runner', paths: ['src/runner/'], why: 'plans and runs the matrix' },
  { name: 'report', paths: ['src/report/'], why: 'reads and writes run folders' },
  { name: 'metrics/judges', paths: ['src/metrics/', 'src/judges/'], why: 'score one answer or one retrieval' },
  { name: 'strategies', paths: ['strategies/'], why: 'the built-in strategies and their registry, written on the SDK' },
  { name: 'strategy', paths: ['src/strategy/'], why: 'the strategy SDK' },
  // The chatbot gets its strategy, model and store injected and imports only their types.
  { name: 'chat', paths: ['src/chat/'], why: 'one exchange: context, model call, save' },
  { name: 'inputs', paths: ['src/scenario/', 'src/datasets/'], why: 'scenario files and benchmark datasets' },
  { name: 'models/embedders', paths: ['src/models/', 'src/embedders/'], why: 'providers of answers and vectors' },
  { name: 'store', paths: ['src/store/', 'src/vector/'], why: 'SQLite messages and in-memory vector search' },
  { name: 'util', paths: ['src/util/', 'src/errors.ts', 'src/clock.ts', 'src/tokens.ts'], why: 'leaf helpers' },
];

/**
 * Value imports that point up, each with the reason it is allowed. Keep this list short: an entry
 * is a decision, not a way to make the test pass.
 */
export const UPWARD_EXCEPTIONS: { from: string; to: string; why: string }[] = [];

/** The index in LAYERS of the layer a file belongs to (0 is the top). */
export function layerOf(file: string): number {
  const index = LAYERS.findIndex((l) => l.paths.some((p) => (p.endsWith('/') ? file.startsWith(p) : file === p)));
  if (index < 0)
    throw new Error(`${file} belongs to no layer: add its folder to LAYERS in test/architecture/layers.ts`);
  return index;
}
