import { MISSING } from './optional.js';

/** Says once, at the start, which optional parts of the suite are skipped here and how to run them. */
export default function setup(): void {
  for (const [part, reason] of Object.entries(MISSING)) {
    if (reason !== null) process.stderr.write(`memeval tests: skipping the ${part} tests: ${reason}\n`);
  }
}
