import { createHash, type Hash } from 'node:crypto';
import type { Scenario } from '../scenario/schema.js';

/** What heads the run id's basis: the code that produced the results. */
export interface CodeIdentity {
  version: string;
  commit: string | null;
}

/**
 * The run id, hashed as the scenarios stream past: the sha256 of
 * `JSON.stringify({ version, commit, scenarios: [...], ...rest })` fed piece by piece, so a
 * benchmark's scenarios are hashed without ever being held (or stringified) together — a 1 GB
 * LongMemEval file overflows a JavaScript string — and the id is the one hashing the whole basis at
 * once gives (the ids of earlier runs stay valid).
 */
export class RunIdHash {
  private readonly hash: Hash = createHash('sha256');
  private scenarios = 0;

  constructor(code: CodeIdentity) {
    const head = JSON.stringify({ version: code.version, commit: code.commit, scenarios: [] });
    this.hash.update(head.slice(0, -2)); // without the closing `]}`
  }

  /** Adds the next scenario of the plan, in plan order. */
  add(scenario: Scenario): void {
    this.hash.update(`${this.scenarios++ > 0 ? ',' : ''}${JSON.stringify(scenario)}`);
  }

  /** `run-<12 hex>` from the scenarios added and the rest of the basis (keys in basis order). */
  finish(rest: Record<string, unknown>): string {
    const tail = JSON.stringify(rest);
    this.hash.update(`]${tail === '{}' ? '}' : `,${tail.slice(1)}`}`);
    return `run-${this.hash.digest('hex').slice(0, 12)}`;
  }
}
