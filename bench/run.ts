// `npm run bench`: runs every benchmark and rewrites BENCHMARKS.md with the machine, the command,
// the date and the figures beside their targets. Not part of CI (it takes minutes).
// BENCH_ONLY=calendar,import,tickets,ceiling,reports,web,help picks some; BENCH_HELP_ARTICLES scales the help center; BENCH_TICKETS scales the ticket data set.
// A hand-written `## Notes` section at the end of BENCHMARKS.md is kept.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { DialectName } from '../src/db/database.js';
import { TEST_DIALECTS } from '../test/db.js';
import { benchCalendar } from './calendar.bench.js';
import { benchHelp } from './help.bench.js';
import { benchLicensesImport } from './licenses-import.bench.js';
import { benchTicketsCeiling } from './tickets-ceiling.bench.js';
import { benchTickets } from './tickets.bench.js';
import { benchReports } from './reports.bench.js';

interface Result {
  name: string;
  value: number;
  unit: string;
}

const TARGETS: Record<string, string> = {
  'calendar.due.default_calendar': '≥ 1,000,000 ops/s',
  'calendar.due.office_ru_2026': '≥ 1,000,000 ops/s',
  'licenses.import_100k.sqlite': 'well under 60 s',
  'licenses.import_100k.postgres': 'well under 60 s',
  'tickets.create_http_16c.sqlite': '≥ 3,000 tickets/s',
  'tickets.queue_due_page.p95.sqlite': '≤ 10 ms',
  'tickets.search_two_words.p95.sqlite': '≤ 50 ms',
  'tickets.server_peak_rss.sqlite': '≤ 300 MB',
  'web.initial_js_gzip': '< 250 KB',
  'help.article_page.p95.sqlite': '≤ 20 ms',
  'help.article_page.p95.postgres': '≤ 20 ms',
  'help.search_api_en.p95.sqlite': '≤ 50 ms',
  'help.search_api_en.p95.postgres': '≤ 50 ms',
  'help.search_api_ru.p95.sqlite': '≤ 50 ms',
  'help.search_api_ru.p95.postgres': '≤ 50 ms',
  'reports.summary_90d.p95.sqlite': '≤ 500 ms',
  'reports.summary_90d.p95.postgres': '≤ 500 ms',
};

/** The gzipped size of the JavaScript the web app loads first (Vite's entry chunk and its imports). */
function measureWebBundle(): Result[] {
  execSync('npx vite build', { stdio: 'ignore' });
  const assets = path.resolve('dist/web/assets');
  const html = fs.readFileSync(path.resolve('dist/web/index.html'), 'utf8');
  const loaded = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!);
  const bytes = loaded.reduce((sum, file) => sum + zlib.gzipSync(fs.readFileSync(path.join(assets, file))).length, 0);
  return [{ name: 'web.initial_js_gzip', value: Math.round(bytes / 102.4) / 10, unit: 'KB' }];
}

function describeMachine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;
}

const only = new Set((process.env.BENCH_ONLY ?? 'calendar,import,tickets,ceiling,reports,web,help').split(','));
const dialects: DialectName[] = TEST_DIALECTS;
const results: Result[] = [];
const run = async (key: string, label: string, bench: () => Promise<Result[]> | Result[]) => {
  if (!only.has(key)) return;
  process.stderr.write(`bench: ${label}…\n`);
  const figures = await bench();
  for (const r of figures) process.stderr.write(`  ${r.name}: ${r.value} ${r.unit}\n`);
  results.push(...figures);
};
await run('calendar', 'calendar due computations', benchCalendar);
await run('import', 'CSV import of 100,000 licenses', () => benchLicensesImport(dialects));
await run('tickets', 'tickets at scale', async () => (await sequential(dialects.map((d) => () => benchTickets(d)))).flat());
await run('ceiling', 'ticket creation ceiling (hand-written, same writes)', benchTicketsCeiling);
await run('reports', 'reports at scale', async () => (await sequential(dialects.map((d) => () => benchReports(d)))).flat());
await run('web', 'web bundle size', measureWebBundle);
await run('help', 'help center at scale', async () => (await sequential(dialects.map((d) => () => benchHelp(d)))).flat());

async function sequential<T>(tasks: (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = [];
  for (const task of tasks) out.push(await task());
  return out;
}

const rows = results.map((r) => `| \`${r.name}\` | ${r.value.toLocaleString('en-US')} ${r.unit} | ${TARGETS[r.name] ?? ''} |`);
const doc = `# Benchmarks

Measured by \`npm run bench\` (\`${process.env.BENCH_ONLY ? `BENCH_ONLY=${process.env.BENCH_ONLY} ` : ''}${process.env.BENCH_TICKETS ? `BENCH_TICKETS=${process.env.BENCH_TICKETS} ` : ''}npm run bench\`) on ${new Date().toISOString().slice(0, 10)}.

Machine: ${describeMachine()}.

| Figure | Value | Target |
| --- | --- | --- |
${rows.join('\n')}

How each is measured:
- \`calendar.*\`: due computations (24 business hours) per second on one core, starts spread over a year (bench/calendar.bench.ts).
- \`licenses.import_100k.*\`: \`licenses import\` of a generated 100,000-row CSV into an empty database, invitations included (bench/licenses-import.bench.ts).
- \`tickets.*\`: a generated helpdesk (1,000,000 tickets, 5,000,000 messages, 100,000 customers) written straight to the database; the real server runs as a child process with rate limits off; jobs are off; creation is autocannon with 16 connections for 10 s after 3 s of warm-up; the due-soonest queue page (25 rows) and a two-word search matching 0.1 % of tickets are 200 sequential requests each after 10 warm-up requests; peak memory is the server's VmHWM (bench/tickets.bench.ts, bench/generate.ts).
- \`tickets.create_ceiling_16c.*\`: the same writes as a ticket creation, hand-written with prepared statements and shared commits and nothing else (bench/ceiling-server.mjs), on the same generated helpdesk: what this machine allows.
- \`help.*\`: BENCH_HELP_ARTICLES (default 10,000) published articles in both languages written straight to the database with their search documents; the app listens on a local port in the bench's process; a published article page and a two-word search (API in English and Russian, and the HTML search page) are 200 sequential requests each after 10 warm-up requests (bench/help.bench.ts).
- \`web.initial_js_gzip\`: the gzipped size of the JavaScript the built web app loads on first visit.
`;
const previous = fs.existsSync('BENCHMARKS.md') ? fs.readFileSync('BENCHMARKS.md', 'utf8') : '';
const notesAt = previous.indexOf('\n## Notes');
fs.writeFileSync('BENCHMARKS.md', notesAt === -1 ? doc : `${doc}${previous.slice(notesAt)}`);
process.stderr.write('bench: wrote BENCHMARKS.md\n');
