// Reports at scale: on the generated helpdesk of tickets.bench.ts (BENCH_TICKETS tickets, five
// messages each, spread over the weeks before now), the admin's 90-day report and the per-kind
// "usually answered within" figure, each 20 times after 3 warm-up runs (p50/p95), in process.
// Run directly: `BENCH_TICKETS=2000 npx tsx bench/reports.bench.ts [sqlite|postgres]`.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createDb, type DialectName } from '../src/db/database.js';
import { createJobQueue } from '../src/jobs/jobs.queue.js';
import { createCalendarUsecases } from '../src/modules/calendar/calendar.usecases.js';
import { createReportsUsecases } from '../src/modules/reports/reports.usecases.js';
import { createClock } from '../src/shared/clock.js';
import { prepareDataset } from './tickets.bench.js';

interface Result {
  name: string;
  value: number;
  unit: string;
}

async function time(runs: number, body: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < runs + 3; i++) {
    const started = performance.now();
    await body();
    if (i >= 3) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => Math.round(times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]! * 10) / 10;
  return { p50: at(50), p95: at(95) };
}

export async function benchReports(dialect: DialectName): Promise<Result[]> {
  const dataset = await prepareDataset(dialect);
  const handle =
    dialect === 'sqlite'
      ? createDb({ sqlitePath: path.join(dataset.env.SUPPORTDESK_DATA_DIR!, 'supportdesk.sqlite') })
      : createDb({ databaseUrl: dataset.env.DATABASE_URL! });
  try {
    const clock = createClock();
    const calendar = createCalendarUsecases({ db: handle.db, clock, jobs: createJobQueue({ db: handle.db, dialect, clock }) });
    const reports = createReportsUsecases({ db: handle.db, clock, calendar });
    const today = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 89 * 86_400_000).toISOString().slice(0, 10);
    const report = await time(20, () => reports.buildReport({ actor: { id: 'bench', role: 'admin' }, request: { from, to: today } }));
    const expectation = await time(20, () => reports.expectFirstReply({ kind: 'question' }));
    return [
      { name: `reports.summary_90d.p95.${dialect}`, value: report.p95, unit: 'ms' },
      { name: `reports.summary_90d.p50.${dialect}`, value: report.p50, unit: 'ms' },
      { name: `reports.expectation.p95.${dialect}`, value: expectation.p95, unit: 'ms' },
    ];
  } finally {
    await handle.close();
    await dataset.cleanup();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dialect = (process.argv[2] ?? 'sqlite') as DialectName;
  for (const r of await benchReports(dialect)) process.stdout.write(`${r.name}: ${r.value} ${r.unit}\n`);
}
