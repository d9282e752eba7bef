import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import yargs, { type CommandModule } from 'yargs';
import { exitCodeFor, MemevalError, toError } from '../errors.js';
import { PACKAGE_ROOT } from '../util/package-root.js';
import { COMMANDS } from './commands/index.js';
import { scrubSecrets } from '../util/secrets.js';

/**
 * Runs the CLI and returns the exit code; never calls process.exit so buffered output
 * (and files being renamed into place) finish first. bin/memeval.js exits after it returns, once
 * stdout and stderr have drained, so nothing a strategy left running keeps the process alive.
 */
export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const cli = yargs(argv)
    .scriptName('memeval')
    .usage('$0 <command> [options]\n\nEvaluate conversation memory for chatbots on the Claude API.')
    .strict()
    .demandCommand(1, 'name a command; see --help')
    .recommendCommands()
    .help()
    .alias('h', 'help')
    // memeval's own version: yargs would otherwise read the package.json nearest the working directory.
    .version(packageVersion())
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .fail((msg, err) => {
      throw err ?? new MemevalError('USAGE', msg);
    });
  skipHelpCache(cli);
  // Only the command being run is imported; the rest are listed by name for --help.
  const invoked = argv.find((arg) => !arg.startsWith('-'));
  for (const [name, entry] of Object.entries(COMMANDS)) {
    const module = name === invoked ? await entry.load() : { command: name };
    cli.command({ ...module, describe: entry.describe } as CommandModule);
  }
  try {
    const result = (await cli.parseAsync()) as { exitCode?: number };
    exitCode = typeof result.exitCode === 'number' ? result.exitCode : 0;
  } catch (err) {
    const e = toError(err);
    process.stderr.write(`memeval: ${scrubSecrets(e.message)}\n`);
    if (!(err instanceof MemevalError)) {
      if (process.env.MEMEVAL_DEBUG) process.stderr.write(`${scrubSecrets(e.stack ?? '')}\n`);
    }
    exitCode = exitCodeFor(err);
  }
  return exitCode;
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * yargs renders the whole help text of a command as soon as its handler starts, in case the
 * handler asks for it later; for `run` that is ~40 options through string-width, about a tenth of
 * a run's start-up. memeval's handlers never show help, so the cache is skipped. yargs is pinned;
 * if its internals change, this does nothing.
 */
function skipHelpCache(cli: unknown): void {
  const usage = (cli as { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: unknown } } })
    .getInternalMethods?.()
    .getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
}
