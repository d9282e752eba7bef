import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Debian's chromium, or MEMEVAL_CHROMIUM. Not optional: .ci/run installs it, so a missing browser fails the test. */
export function chromiumBinary(): string {
  const bin = process.env.MEMEVAL_CHROMIUM ?? 'chromium';
  const probe = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new Error(
      `chromium not found (${bin}): install it with \`apt-get install -y chromium\` (.ci/run does) or set MEMEVAL_CHROMIUM`,
    );
  }
  return bin;
}

/** The DOM of a local file after its scripts ran, from headless Chromium with networking off. */
export function dumpDom(file: string, hash = ''): string {
  const profile = mkdtempSync(join(tmpdir(), 'memeval-chromium-'));
  try {
    const r = spawnSync(
      chromiumBinary(),
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        `--user-data-dir=${profile}`,
        '--dump-dom',
        `${pathToFileURL(file).href}${hash}`,
      ],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    if (r.status !== 0) throw new Error(`chromium exited ${r.status}: ${r.stderr}`);
    return r.stdout;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
