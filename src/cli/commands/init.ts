import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { yargsOptions } from '../../config/option-decl.js';
import { COMMAND_OPTIONS } from '../../config/options.js';
import { resolvedValues, resolveOptions } from '../../config/resolve.js';
import { STARTER_CONFIG_FILE, STARTER_STRATEGY_FILE, starterConfig, starterStrategy } from '../../config/starter.js';
import { MemevalError } from '../../errors.js';
import { writeFileAtomic } from '../../report/files.js';

interface InitArgs {
  dir: string;
}

/** Whether `import … from 'memeval'` resolves from `dir` (memeval installed there, or `dir` inside the memeval repo). */
function memevalResolvesFrom(dir: string): boolean {
  try {
    createRequire(join(dir, 'noop.js')).resolve('memeval');
    return true;
  } catch {
    return false;
  }
}

export const initCommand: CommandModule<object, InitArgs> = {
  command: 'init [dir]',
  builder: (y: Argv) =>
    y
      .positional('dir', { type: 'string', default: '.', describe: 'Folder to write them in' })
      .options(yargsOptions(COMMAND_OPTIONS.init)) as unknown as Argv<InitArgs>,
  handler: (args: ArgumentsCamelCase<InitArgs>) => {
    const { initForce } = resolvedValues(resolveOptions(COMMAND_OPTIONS.init, { flags: args }));
    const dir = resolve(args.dir);
    const files = { [STARTER_CONFIG_FILE]: starterConfig(), [STARTER_STRATEGY_FILE]: starterStrategy() };
    // Check every file before writing any, so a refusal leaves the folder as it was.
    const existing = Object.keys(files).filter((f) => existsSync(join(dir, f)));
    if (existing.length > 0 && !initForce) {
      throw new MemevalError(
        'USAGE',
        `${existing.map((f) => join(dir, f)).join(', ')} already exist${existing.length === 1 ? 's' : ''}; pass --force to overwrite`,
      );
    }
    mkdirSync(dir, { recursive: true });
    for (const [name, content] of Object.entries(files)) {
      writeFileAtomic(join(dir, name), content);
      process.stdout.write(`wrote ${join(dir, name)}\n`);
    }
    process.stdout.write(`next: memeval run -c ${join(dir, STARTER_CONFIG_FILE)}\n`);
    if (!memevalResolvesFrom(dir)) {
      process.stdout.write(
        `note: ${STARTER_STRATEGY_FILE} imports 'memeval', which does not resolve from ${dir} yet; install it there (npm install --save-dev ./memeval-<version>.tgz, made by npm pack in a memeval checkout)\n`,
      );
    }
  },
};
