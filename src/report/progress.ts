/**
 * How `memeval run` shows progress on stderr:
 * - `bar`: one line redrawn in place, for a person at a terminal;
 * - `plain`: finished cells as ordinary lines, for CI logs and pipes, where a redrawn line is
 *   either invisible (off a terminal) or a wall of carriage returns (in a CI log);
 * - `none`: nothing;
 * - `auto`: `bar` on a terminal outside CI, else `plain`.
 */
export const DISPLAY_MODES = ['auto', 'bar', 'plain', 'none'] as const;
export type DisplayMode = (typeof DISPLAY_MODES)[number];

export interface ProgressDisplay {
  update(done: number, total: number, label: string): void;
  /** Clears a drawn bar so a log line or the final table starts on a clean line. */
  clear(): void;
}

/** `auto` made concrete for this stream and environment. */
export function effectiveDisplay(
  mode: DisplayMode,
  stream: { isTTY?: boolean },
  env: Record<string, string | undefined>,
): Exclude<DisplayMode, 'auto'> {
  if (mode !== 'auto') return mode;
  // CI=true is set by GitHub Actions, GitLab, CircleCI, Buildkite and most others.
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
  return stream.isTTY && !ci ? 'bar' : 'plain';
}

/** Plain mode prints every cell of a small run and about every 5% of a large one, so a 2,000-cell benchmark run leaves ~20 lines. */
const PLAIN_EVERY_CELL_UP_TO = 100;
const PLAIN_STEPS = 20;

export function progressDisplay(
  mode: DisplayMode,
  stream: NodeJS.WriteStream,
  env: Record<string, string | undefined> = process.env,
): ProgressDisplay {
  const shown = effectiveDisplay(mode, stream, env);
  if (shown === 'none') return { update: () => {}, clear: () => {} };
  if (shown === 'plain') {
    let lastStep = -1;
    return {
      update(done, total, label) {
        const step = Math.floor((done / total) * PLAIN_STEPS);
        if (total > PLAIN_EVERY_CELL_UP_TO && step === lastStep && done !== total) return;
        lastStep = step;
        const width = String(total).length;
        stream.write(`[${String(done).padStart(width)}/${total}] ${label}\n`);
      },
      clear: () => {},
    };
  }
  let drawn = false;
  return {
    update(done, total, label) {
      const width = 24;
      const filled = Math.round((done / total) * width);
      const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${label}`;
      stream.write(`\r\x1b[2K${line.slice(0, (stream.columns ?? 100) - 1)}`);
      drawn = true;
    },
    clear() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
