import { runMatrix, type RunResult } from '../runner/run.js';
import type { RunOptions } from '../runner/plan.js';
import { parseConfig } from './load.js';
import { resolveRunOptions } from './run.js';
import type { MemevalConfig } from './schema.js';

/** Callbacks and seams of a library run; they are code, so they are not part of the config. */
export interface RunHooks {
  /** Notices (embedder chosen, warnings). @default stderr */
  log?: (message: string) => void;
  /** Called after each cell finishes. */
  onProgress?: RunOptions['onProgress'];
  /** Builds reader models by id (e.g. a test double). @default the model registry behind the record/replay cache */
  createModel?: RunOptions['createModel'];
  /** Environment whose MEMEVAL_* variables override the config. @default process.env */
  env?: Record<string, string | undefined>;
  /**
   * Finish the interrupted run with this id in `outDir` (the same config must be passed): only
   * the cells its journal lacks run. This is how a run of strategies defined in code is resumed;
   * `memeval run --resume <dir>` covers the rest.
   */
  resume?: string;
}

/** How messages name a config passed to runEval. */
const ARGUMENT = '(runEval argument)';

/**
 * Runs an evaluation from a config object — the shape of `memeval.config.yaml` — through the
 * same resolution (MEMEVAL_* > config > default) and the same engine as `memeval run`.
 * Relative paths resolve against the working directory. Bad input rejects with a MemevalError
 * (code CONFIG/USAGE/…, exit 2 in the CLI) before anything runs or is written.
 *
 * @example
 * const { summary } = await runEval({ strategies: ['recency', './my-strategy.ts'], scenarios: ['same-session-recall'], outDir: null });
 */
export async function runEval(config: MemevalConfig = {}, hooks: RunHooks = {}): Promise<RunResult> {
  const log = hooks.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const parsed = parseConfig(config, ARGUMENT);
  const options = await resolveRunOptions({
    env: hooks.env,
    config: { name: ARGUMENT, file: null, config: parsed },
    log,
  });
  return runMatrix({
    ...options,
    onProgress: hooks.onProgress,
    resume: hooks.resume,
    ...(hooks.createModel ? { createModel: hooks.createModel } : {}),
  });
}
