import { GATE_OPTIONS } from './options.js';
import { resolveOptions, type ResolveInput, type Resolved } from './resolve.js';
import type { ConfigSource } from './run.js';

/**
 * The CI gate's thresholds and baseline through the same resolution as `memeval run`
 * (flag > MEMEVAL_* > `gate:` in the config > default). `memeval check` is to call this with its
 * parsed flags once it reads its limits from here instead of yargs defaults.
 */
export function resolveGateOptions(input: { flags?: ResolveInput['flags']; env?: ResolveInput['env']; config: ConfigSource | null }): Resolved<typeof GATE_OPTIONS> {
  const { config } = input;
  return resolveOptions(GATE_OPTIONS, { flags: input.flags, env: input.env, file: config && { name: config.name, values: config.config.gate, keyPrefix: 'gate.' } });
}
