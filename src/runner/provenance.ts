/** Where a resolved option's value came from, highest precedence first. */
export const OPTION_SOURCES = ['flag', 'env', 'file', 'default'] as const;
export type OptionSource = (typeof OPTION_SOURCES)[number];

/**
 * What run.json records about option resolution: each option's value and source. Never secrets.
 * Declared here, beside the runner that writes and resumes it, so the config layer above imports
 * it and the runner never reaches up into config.
 */
export interface Provenance {
  /** The config file used, or `(runEval argument)` for a library call, or null. */
  configFile: string | null;
  options: Record<string, { value: unknown; source: OptionSource }>;
}
