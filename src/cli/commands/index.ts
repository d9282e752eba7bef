import type { CommandModule } from 'yargs';
import { baselineCommand } from './baseline.js';
import { benchCommand } from './bench.js';
import { chatCommand } from './chat.js';
import { checkCommand } from './check.js';
import { importCommand } from './import.js';
import { initCommand } from './init.js';
import { mergeCommand } from './merge.js';
import { reportCommand } from './report.js';
import { runCommand } from './run.js';
import { scenariosCommand } from './scenarios.js';

/** Every CLI command; adding one is one file in this folder plus one line here. */
export const COMMANDS: CommandModule<any, any>[] = [chatCommand, scenariosCommand, runCommand, checkCommand, baselineCommand, reportCommand, mergeCommand, importCommand, initCommand, benchCommand];
