import { spawnSync } from 'node:child_process';
import { describe, it } from 'vitest';
import { transformersEntry } from '../../src/embedders/transformers.js';

/**
 * Parts of the suite that need something a fresh clone may not have. Each is null when present, or
 * the one-line reason (with how to enable it) that the reporter shows for the skipped tests.
 * CI has both (.ci/run installs Chromium; `npm ci` installs transformers), so CI always runs them.
 */
export const MISSING = {
  chromium: chromiumMissing(),
  transformers:
    transformersEntry() === null
      ? '@huggingface/transformers (an optional peer; a devDependency here) is not installed; `npm ci` or `npm install @huggingface/transformers@4` runs these'
      : null,
};

function chromiumMissing(): string | null {
  const bin = process.env.MEMEVAL_CHROMIUM ?? 'chromium';
  const probe = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return probe.status === 0
    ? null
    : `${bin} not found; \`apt-get install -y chromium\` (or MEMEVAL_CHROMIUM=<path>) runs these (.ci/run does)`;
}

/** `describe`, or — when `missing` names what is absent — one skipped test carrying that reason. */
export function describeWith(missing: string | null, name: string, body: () => void): void {
  if (missing === null) describe(name, body);
  else describe(name, () => it(`needs: ${missing}`, (ctx) => ctx.skip(missing)));
}
