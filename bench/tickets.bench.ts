// Tickets at scale: generates a helpdesk of BENCH_TICKETS tickets (default 1,000,000) with five
// messages each straight into the database, starts the real server as a child process and
// measures ticket creation over HTTP (autocannon, 16 connections, after a 3 s warm-up), the due-soonest queue page and
// a two-word search (p50/p95 over sequential requests), and the server's peak memory (VmHWM).
// Run directly: `npx tsx bench/tickets.bench.ts [sqlite|postgres]`.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { createDb, type DialectName } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createTokensUsecases } from '../src/modules/tokens/tokens.usecases.js';
import { createClock } from '../src/shared/clock.js';
import { TEST_PG_URL } from '../test/db.js';
import { generatePostgres, generateSqlite } from './generate.js';

const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const MESSAGES_PER_TICKET = 5;
const PORT = 39_400;

interface Result {
  name: string;
  value: number;
  unit: string;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function timeRequests(url: string, headers: Record<string, string>, count: number): Promise<{ p50: number; p95: number; items: number }> {
  const times: number[] = [];
  let items = 0;
  for (let i = 0; i < count + 10; i++) {
    const started = performance.now();
    const res = await fetch(url, { headers });
    const body = (await res.json()) as { items?: unknown[] };
    if (!res.ok) throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`);
    if (i >= 10) times.push(performance.now() - started); // the first ten warm caches
    items = body.items?.length ?? 0;
  }
  times.sort((a, b) => a - b);
  return { p50: Math.round(percentile(times, 50) * 100) / 100, p95: Math.round(percentile(times, 95) * 100) / 100, items };
}

function peakRssMb(child: ChildProcess): number {
  const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

/** A generated helpdesk in a fresh database: the server's environment, a token maker and the cleanup. */
export async function prepareDataset(
  dialect: DialectName,
): Promise<{ env: Record<string, string>; cleanup: () => Promise<void>; tokenFor: (role: 'agent' | 'customer') => Promise<string> }> {
  const now = Date.now();
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-bench-tickets-'));
    const file = path.join(dir, 'supportdesk.sqlite');
    const handle = createDb({ sqlitePath: file });
    await migrateToLatest({ db: handle.db });
    await handle.close();
    generateSqlite({ file, tickets: TICKETS, messagesPerTicket: MESSAGES_PER_TICKET, customers: 100_000, now });
    // Gigabytes just written sit dirty in the page cache: flush them now, or the server's first
    // checkpoint sync pays for the generator's writes (it halved the measured creation rate).
    const fd = fs.openSync(file, 'r+');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    const tokenFor = async (role: 'agent' | 'customer') => {
      const h = createDb({ sqlitePath: file });
      const user = await h.db.selectFrom('users').select('id').where('role', '=', role).limit(1).executeTakeFirstOrThrow();
      const { secret } = await createTokensUsecases({ db: h.db, clock: createClock() }).createToken({ userId: user.id, name: 'bench', scopes: [] });
      await h.close();
      return secret;
    };
    return { env: { SUPPORTDESK_DATA_DIR: dir, DATABASE_URL: '' }, tokenFor, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `supportdesk_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = TEST_PG_URL.replace(/\/[^/]+$/, `/${name}`);
  const handle = createDb({ databaseUrl: url });
  await migrateToLatest({ db: handle.db });
  await handle.close();
  await generatePostgres({ url, schema: 'public', tickets: TICKETS, messagesPerTicket: MESSAGES_PER_TICKET, customers: 100_000, now });
  const tokenFor = async (role: 'agent' | 'customer') => {
    const h = createDb({ databaseUrl: url });
    const user = await h.db.selectFrom('users').select('id').where('role', '=', role).limit(1).executeTakeFirstOrThrow();
    const { secret } = await createTokensUsecases({ db: h.db, clock: createClock() }).createToken({ userId: user.id, name: 'bench', scopes: [] });
    await h.close();
    return secret;
  };
  return {
    env: { DATABASE_URL: url, SUPPORTDESK_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'sd-bench-pg-')) },
    tokenFor,
    cleanup: async () => {
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export async function startServer(env: Record<string, string>, port = PORT): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
    // Load shedding off too: these figures are the server's ceiling (bench/overload.bench.ts measures shedding).
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      SUPPORTDESK_RATE_LIMIT: '0',
      SUPPORTDESK_MAX_IN_FLIGHT: '0',
      SUPPORTDESK_MAX_LOOP_DELAY_MS: '0',
      SUPPORTDESK_RUN_JOBS: 'false',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  child.kill();
  throw new Error('server did not start');
}

/** All ticket figures for one database. */
export async function benchTickets(dialect: DialectName): Promise<Result[]> {
  const started = performance.now();
  const { env, tokenFor, cleanup } = await prepareDataset(dialect);
  const generateSeconds = Math.round((performance.now() - started) / 1000);
  const agent = { authorization: `Bearer ${await tokenFor('agent')}` };
  const customer = `Bearer ${await tokenFor('customer')}`;
  const server = await startServer(env);
  try {
    const base = `http://127.0.0.1:${PORT}`;
    const queue = await timeRequests(`${base}/api/v1/tickets?queue=due&limit=25`, agent, 200);
    const search = await timeRequests(`${base}/api/v1/tickets?q=quantum%20invoice&limit=25`, agent, 200);
    const creation = {
      url: `${base}/api/v1/tickets`,
      connections: 16,
      method: 'POST' as const,
      headers: { authorization: customer, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'suggestion', subject: 'Bench ticket', body: 'Please add a dark theme to the admin panel.' }),
    };
    // Three seconds first, unmeasured: the JIT and SQLite's page cache warm up (about half the rate in the first second).
    await autocannon({ ...creation, duration: 3 });
    const create = await autocannon({ ...creation, duration: 10 });
    if (create.non2xx > 0) throw new Error(`ticket creation: ${create.non2xx} non-2xx answers`);
    const d = dialect;
    return [
      { name: `tickets.generate_${TICKETS}.${d}`, value: generateSeconds, unit: 's' },
      { name: `tickets.create_http_16c.${d}`, value: Math.round(create.requests.average), unit: 'tickets/s' },
      { name: `tickets.create_http_16c_p95.${d}`, value: create.latency.p97_5 ?? create.latency.p99, unit: 'ms (p97.5)' },
      { name: `tickets.queue_due_page.p50.${d}`, value: queue.p50, unit: 'ms' },
      { name: `tickets.queue_due_page.p95.${d}`, value: queue.p95, unit: 'ms' },
      { name: `tickets.search_two_words.p50.${d}`, value: search.p50, unit: 'ms' },
      { name: `tickets.search_two_words.p95.${d}`, value: search.p95, unit: 'ms' },
      { name: `tickets.server_peak_rss.${d}`, value: peakRssMb(server), unit: 'MB' },
    ];
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    await cleanup();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dialects = (process.argv[2] ? [process.argv[2]] : ['sqlite', 'postgres']) as DialectName[];
  for (const d of dialects) for (const r of await benchTickets(d)) console.log(`${r.name}: ${r.value} ${r.unit}`);
}
