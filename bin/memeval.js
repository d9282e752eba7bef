#!/usr/bin/env node
// The CLI runs the compiled JavaScript in dist/ (built by `npm run build`, which `npm ci` runs
// through `prepare`), so a start costs no TypeScript transpiling. A checkout without dist/ falls back
// to the sources through tsx, slower but the same program.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/src/cli/main.js', import.meta.url);
let main;
if (existsSync(compiled)) {
  ({ main } = await import(compiled.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
const exitCode = await main(process.argv.slice(2));
// main has finished its work and renamed its files into place, but a user's strategy file (or
// something it started: a timer, a socket) may still hold the event loop open, and the CLI would
// never end. So exit explicitly — after stdout and stderr have drained, since process.exit drops
// whatever is still queued for a pipe.
const drained = (stream) =>
  new Promise((resolve) => (stream.destroyed || stream.writableEnded ? resolve() : stream.write('', () => resolve())));
await Promise.all([drained(process.stdout), drained(process.stderr)]);
process.exit(exitCode);
