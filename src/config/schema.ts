import { z } from 'zod';
import type { OptionTable } from './option-decl.js';
import { GATE_OPTIONS, RUN_OPTIONS } from './options.js';

type OptionalShape<T extends OptionTable> = { [K in keyof T]: z.ZodOptional<T[K]['schema']> };

/** A strict object with one optional key per option of a table, each checked by its own schema. */
function sectionSchema<T extends OptionTable>(table: T) {
  const shape = Object.fromEntries(
    Object.entries(table).map(([key, o]) => [key, o.schema.optional().describe(o.describe)]),
  );
  return z.object(shape as OptionalShape<T>).strict();
}

/** `gate:` — thresholds and baseline of the CI gate (`memeval check`). */
export const GateConfigSchema = sectionSchema(GATE_OPTIONS);

/**
 * `memeval.config.yaml` / `memeval.config.ts`: every `memeval run` option under its config key,
 * plus `gate`. Unknown keys are errors, so a typo never silently falls back to a default.
 */
export const ConfigSchema = sectionSchema(RUN_OPTIONS).extend({ gate: GateConfigSchema.optional() }).strict();

/** What a config file or `runEval` accepts (defaults not yet applied). */
export type MemevalConfig = z.input<typeof ConfigSchema>;
/** A config after validation. */
export type ParsedConfig = z.output<typeof ConfigSchema>;
export type GateConfig = z.output<typeof GateConfigSchema>;

/**
 * Identity helper that types a `memeval.config.ts`:
 * `export default defineConfig({ strategies: ['recency', './my-strategy.ts'] })`.
 */
export function defineConfig(config: MemevalConfig): MemevalConfig {
  return config;
}
