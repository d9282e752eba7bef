import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { writeReportHtml } from '../../report/html.js';
import { readRunDir } from '../../report/read.js';

interface ReportArgs {
  run: string;
}

export const reportCommand: CommandModule<object, ReportArgs> = {
  command: 'report <run>',
  builder: (y: Argv) =>
    y.positional('run', {
      type: 'string',
      demandOption: true,
      describe: 'Run folder (reports/<run id>)',
    }) as unknown as Argv<ReportArgs>,
  handler: (args: ArgumentsCamelCase<ReportArgs>) => {
    process.stdout.write(`${writeReportHtml(readRunDir(args.run))}\n`);
  },
};
