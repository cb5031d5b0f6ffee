import fs from 'node:fs';
import type { Command } from 'commander';
import { ArticleFileError } from '../modules/help/help.files.js';
import { exportHelpDirectory, importHelpDirectory } from '../modules/help/help.transfer.js';
import { CliError, runCommand, say } from './io.js';
import { openCliRuntime } from './runtime.js';

export function registerHelpCommands(program: Command): void {
  const help = program.command('help').description('the help center: bring Markdown documentation in, or write it out');
  help
    .command('import')
    .description(
      'create or update articles from the Markdown files under DIR; each file is one language of one article, with front matter ' +
        '(category, language, slug; optional section, title, status, visibility). Files are checked first: a bad one changes nothing',
    )
    .argument('<dir>', 'a folder of .md files (searched recursively)')
    .action((dir: string) =>
      runCommand(async () => {
        if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new CliError(`${dir} is not a folder`);
        const runtime = await openCliRuntime();
        try {
          const result = await importHelpDirectory({ db: runtime.deps.db, help: runtime.deps.help, dir });
          say(`${result.files} files: ${result.created} articles created, ${result.updated} updated`);
        } catch (error) {
          if (error instanceof ArticleFileError) throw new CliError(error.message);
          throw error;
        } finally {
          await runtime.close();
        }
      }),
    );
  help
    .command('export')
    .description('write every article as DIR/<category>/<slug>.<language>.md with the front matter `help import` reads')
    .argument('<dir>', 'the folder to write to (made if missing)')
    .action((dir: string) =>
      runCommand(async () => {
        const runtime = await openCliRuntime();
        try {
          const result = await exportHelpDirectory({ db: runtime.deps.db, dir });
          say(`${result.articles} articles written as ${result.files} files`);
        } finally {
          await runtime.close();
        }
      }),
    );
}
