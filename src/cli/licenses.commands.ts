import fs from 'node:fs';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { CsvFileError, importLicensesCsv } from '../modules/licenses/licenses.import.js';
import { CliError, runCommand, say } from './io.js';
import { openCliRuntime } from './runtime.js';

/** Exit code when the import finished but some rows were refused (the good rows are in). */
export const EXIT_ROWS_REFUSED = 2;

export function registerLicensesCommands(program: Command): void {
  const licenses = program.command('licenses').description('manage licenses');
  licenses
    .command('import')
    .description('import licenses from CSV (columns: key, customerEmail, customerName, product, edition, type, purchasedOn, domains, status)')
    .argument('<file>', 'CSV file with a header line; domains separated by ";"')
    .option('--dry-run', 'check every row and report what would change, without changing anything')
    .option('--no-invite', 'do not mail new customers an invitation')
    .action((file: string, opts: { dryRun?: boolean; invite: boolean }) =>
      runCommand(async () => {
        if (!fs.existsSync(file)) throw new CliError(`no such file: ${file}`);
        const totalBytes = fs.statSync(file).size;
        const runtime = await openCliRuntime();
        const bar = new cliProgress.SingleBar(
          { format: 'importing [{bar}] {percentage}% | {rows} rows', stream: process.stderr, hideCursor: true, noTTYOutput: false },
          cliProgress.Presets.shades_classic,
        );
        if (process.stderr.isTTY) bar.start(totalBytes, 0, { rows: 0 });
        try {
          const summary = await importLicensesCsv({
            input: fs.createReadStream(file),
            db: runtime.deps.db,
            licenses: runtime.deps.licenses,
            dryRun: opts.dryRun,
            invite: opts.invite,
            onProgress: ({ rows, bytes }) => bar.update(bytes, { rows }),
          });
          if (process.stderr.isTTY) {
            bar.update(totalBytes, { rows: summary.rows });
            bar.stop();
          }
          for (const e of summary.errors) say(`line ${e.line}: ${e.field}: ${e.message}`);
          const verb = summary.dryRun ? 'would be ' : '';
          process.stdout.write(
            `${summary.dryRun ? 'dry run: ' : ''}${summary.rows} rows: ${summary.created} ${verb}created, ${summary.updated} ${verb}updated, ${summary.unchanged} unchanged, ${summary.errors.length} refused\n`,
          );
          if (summary.errors.length > 0) process.exitCode = EXIT_ROWS_REFUSED;
        } catch (error) {
          if (process.stderr.isTTY) bar.stop();
          if (error instanceof CsvFileError) throw new CliError(`${file}: ${error.message}`);
          throw error;
        } finally {
          await runtime.close();
        }
      }),
    );
}
