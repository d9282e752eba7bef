import { DEFAULT_OUT_DIR } from '../runner/run.js';
import { GATE_OPTIONS, RUN_OPTIONS } from './options.js';
import { resolveOptions, type ResolveInput, type Resolved } from './resolve.js';
import type { ConfigSource } from './run.js';

/**
 * The CI gate's thresholds and baseline through the same resolution as `memeval run`
 * (flag > MEMEVAL_* > `gate:` in the config > default), as `memeval check` reads them.
 */
export function resolveGateOptions(input: {
  flags?: ResolveInput['flags'];
  env?: ResolveInput['env'];
  config: ConfigSource | null;
}): Resolved<typeof GATE_OPTIONS> {
  const { config } = input;
  return resolveOptions(GATE_OPTIONS, {
    flags: input.flags,
    env: input.env,
    file: config && { name: config.name, values: config.config.gate, keyPrefix: 'gate.' },
  });
}

/** Where run folders are: the run options' `outDir` (MEMEVAL_OUT > config > default), so check finds what run wrote. */
export function resolveOutDir(config: ConfigSource | null, env?: ResolveInput['env']): string {
  const { outDir } = resolveOptions(
    { outDir: RUN_OPTIONS.outDir },
    { env, file: config && { name: config.name, values: config.config } },
  );
  return outDir.value ?? DEFAULT_OUT_DIR;
}
