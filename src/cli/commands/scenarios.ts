import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { choiceOf, yargsOptions } from '../../config/option-decl.js';
import { COMMAND_OPTIONS } from '../../config/options.js';
import { textTable } from '../../util/text-table.js';
import { resolvedValues, resolveOptions } from '../../config/resolve.js';
import { ERROR_EXIT_CODES, MemevalError } from '../../errors.js';
import { loadScenarioFile, loadScenarios, type LoadedScenario } from '../../scenario/load.js';

const ACTIONS = ['list', 'validate'] as const;

interface ScenariosArgs {
  action: string;
  files: string[];
  exitCode?: number;
}

/** Probes in a scenario, for listings. */
function probeCount(s: LoadedScenario): number {
  return s.scenario.steps.filter((step) => 'probe' in step).length;
}

function list(args: ScenariosArgs, tags: string[] | undefined): void {
  const loaded = loadScenarios(args.files, { tags });
  const rows = loaded.map((s) => [
    s.scenario.id,
    String(probeCount(s)),
    s.scenario.tags.join(','),
    s.scenario.description,
  ]);
  process.stdout.write(`${textTable(['id', 'probes', 'tags', 'description'], rows, { rule: false })}\n`);
}

/** Checks each file on its own so one bad file does not hide problems in the others. */
function validate(args: ScenariosArgs): number {
  const files = args.files.flatMap((f) => {
    if (!existsSync(f)) return [f];
    if (!statSync(f).isDirectory()) return [f];
    return readdirSync(f)
      .filter((n) => /\.ya?ml$/.test(n))
      .sort()
      .map((n) => join(f, n));
  });
  let failed = 0;
  for (const file of files) {
    try {
      const s = loadScenarioFile(file);
      process.stdout.write(`ok ${file} (${s.scenario.id}, ${probeCount(s)} probes)\n`);
    } catch (err) {
      if (!(err instanceof MemevalError)) throw err;
      failed++;
      process.stderr.write(`${err.message}\n`);
    }
  }
  if (failed > 0) process.stderr.write(`memeval: ${failed} of ${files.length} scenario file(s) invalid\n`);
  return failed > 0 ? ERROR_EXIT_CODES.SCENARIO_INVALID : 0;
}

export const scenariosCommand: CommandModule<object, ScenariosArgs> = {
  command: 'scenarios <action> [files..]',
  builder: (y: Argv) =>
    y
      .positional('action', {
        type: 'string',
        describe: 'list: id, probes, tags, description; validate: check files',
      })
      .positional('files', {
        type: 'string',
        array: true,
        default: [],
        describe: 'list: ids, globs, files or folders (default: built-in); validate: files or folders',
      })
      .options(yargsOptions(COMMAND_OPTIONS.scenarios))
      .example('$0 scenarios list', 'the built-in suite')
      .example(
        '$0 scenarios validate my-scenarios/',
        'check every .yaml file in a folder',
      ) as unknown as Argv<ScenariosArgs>,
  handler: (args: ArgumentsCamelCase<ScenariosArgs>) => {
    const action = choiceOf('action', ACTIONS, args.action);
    const { tags } = resolvedValues(resolveOptions(COMMAND_OPTIONS.scenarios, { flags: args }));
    if (action === 'list') return list(args, tags);
    if (args.files.length === 0)
      throw new MemevalError('USAGE', 'scenarios validate needs one or more files or folders');
    args.exitCode = validate(args);
  },
};
