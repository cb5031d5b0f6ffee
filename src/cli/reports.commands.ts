import type { Command } from 'commander';
import { TICKET_KINDS } from '../modules/tickets/tickets.models.js';
import { SUMMARY_COLUMNS, toCsv } from '../modules/reports/reports.table.js';
import { toReportView } from '../modules/reports/reports.views.js';
import type { TicketKind } from '../db/types.js';
import { CliError, runCommand } from './io.js';
import { openCliRuntime } from './runtime.js';

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function registerReportsCommands(program: Command): void {
  program
    .command('report')
    .description(
      'print the report for a period: one row of headline figures (reply times in business minutes, shares 0..1), or a row per agent or kind; --format json without --by prints every figure',
    )
    .requiredOption('--from <date>', "the first local date (YYYY-MM-DD) in the calendar's zone")
    .requiredOption('--to <date>', 'the last local date (inclusive)')
    .option('--by <group>', 'one row per agent or per kind')
    .option('--kind <kind>', `only one kind (${TICKET_KINDS.join(', ')})`)
    .option('--tag <tag>', 'only tickets with this tag')
    .option('--product <product>', 'only tickets whose license is for this product')
    .option('--format <format>', 'csv or json', 'csv')
    .action((opts: { from: string; to: string; by?: string; kind?: string; tag?: string; product?: string; format: string }) =>
      runCommand(async () => {
        if (!LOCAL_DATE.test(opts.from) || !LOCAL_DATE.test(opts.to)) throw new CliError('--from and --to are local dates, YYYY-MM-DD');
        if (opts.by !== undefined && opts.by !== 'agent' && opts.by !== 'kind') throw new CliError('--by is agent or kind');
        if (opts.format !== 'csv' && opts.format !== 'json') throw new CliError('--format is csv or json');
        if (opts.kind !== undefined && !(TICKET_KINDS as readonly string[]).includes(opts.kind))
          throw new CliError(`--kind is one of ${TICKET_KINDS.join(', ')}`);
        const runtime = await openCliRuntime();
        try {
          // The person at the server's terminal sees what an admin sees.
          const { figures, rows } = await runtime.deps.reports.buildSummaryRows({
            actor: { id: 'cli', role: 'admin' },
            request: { from: opts.from, to: opts.to, kind: opts.kind as TicketKind | undefined, tag: opts.tag, product: opts.product },
            by: opts.by as 'agent' | 'kind' | undefined,
          });
          if (opts.format === 'csv') process.stdout.write(toCsv(rows, SUMMARY_COLUMNS));
          else if (opts.by)
            process.stdout.write(`${JSON.stringify({ period: toReportView(figures, runtime.deps.config).period, by: opts.by, rows }, null, 2)}\n`);
          else process.stdout.write(`${JSON.stringify(toReportView(figures, runtime.deps.config), null, 2)}\n`);
        } finally {
          await runtime.close();
        }
      }),
    );
}
