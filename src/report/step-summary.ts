import { appendFileSync } from 'node:fs';
import { scrubSecrets } from '../util/secrets.js';

/**
 * Appends Markdown to the file GitHub Actions names in $GITHUB_STEP_SUMMARY (shown on the run's
 * page). Appends, because other steps of the job write to the same file. Returns the file, or
 * null when the variable is not set (not running in Actions).
 */
export function appendStepSummary(markdown: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return null;
  appendFileSync(file, scrubSecrets(markdown.endsWith('\n') ? markdown : `${markdown}\n`));
  return file;
}
