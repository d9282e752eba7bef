import type { CommandModule } from 'yargs';
import { chatCommand } from './chat.js';
import { runCommand } from './run.js';
import { scenariosCommand } from './scenarios.js';

/** Every CLI command; adding one is one file in this folder plus one line here. */
export const COMMANDS: CommandModule<any, any>[] = [chatCommand, scenariosCommand, runCommand];
