import yargs, { type CommandModule } from 'yargs';
import { exitCodeFor, MemevalError, toError } from '../errors.js';
import { COMMANDS } from './commands/index.js';

/**
 * Runs the CLI and returns the exit code; never calls process.exit so buffered output
 * (and files being renamed into place) finish first.
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
    .version()
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .fail((msg, err) => {
      throw err ?? new MemevalError('USAGE', msg);
    });
  for (const command of COMMANDS) cli.command(command as CommandModule);
  try {
    const result = (await cli.parseAsync()) as { exitCode?: number };
    exitCode = typeof result.exitCode === 'number' ? result.exitCode : 0;
  } catch (err) {
    const e = toError(err);
    process.stderr.write(`memeval: ${e.message}\n`);
    if (!(err instanceof MemevalError)) {
      if (process.env.MEMEVAL_DEBUG) process.stderr.write(`${e.stack}\n`);
    }
    exitCode = exitCodeFor(err);
  }
  return exitCode;
}
