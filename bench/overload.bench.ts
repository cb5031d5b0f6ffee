// Overload: 200 busy keep-alive clients creating tickets against the real server (SQLite), while a
// probe opens a fresh connection every 250 ms, in turn to /healthz, /readyz, sign-in and a ticket
// list, and times its first byte. Run once with load shedding off and once with the defaults:
//   npx tsx bench/overload.bench.ts            (both, 20 s each)
// Results are written by hand to BENCHMARKS.md ("Overload"); this is not part of `npm run bench`.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config/config.js';
import { createDb } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createDeps } from '../src/deps.js';
import { createClock } from '../src/shared/clock.js';
import { createLogger } from '../src/shared/logger.js';
import { generateSqlite } from './generate.js';

const TICKETS = Number(process.env.BENCH_TICKETS ?? 20_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const PORT = 39_500;
const PASSWORD = 'correct horse battery';

interface Probe {
  name: string;
  ttfbMs: number;
  connectMs: number;
  status: number;
}

async function prepare(dir: string): Promise<{ customerToken: string; agentToken: string }> {
  const file = path.join(dir, 'supportdesk.sqlite');
  const handle = createDb({ sqlitePath: file });
  await migrateToLatest({ db: handle.db });
  await handle.close();
  generateSqlite({ file, tickets: TICKETS, messagesPerTicket: 5, customers: 2_000, now: Date.now() });
  const h = createDb({ sqlitePath: file });
  const deps = createDeps({
    config: loadConfig({ SUPPORTDESK_DATA_DIR: dir }),
    db: h.db,
    dialect: 'sqlite',
    clock: createClock(),
    logger: createLogger({ level: 'silent' }),
  });
  const token = async (role: 'agent' | 'customer') => {
    const user = await h.db.selectFrom('users').select('id').where('role', '=', role).limit(1).executeTakeFirstOrThrow();
    return (await deps.tokens.createToken({ userId: user.id, name: 'bench', scopes: [] })).secret;
  };
  await deps.accounts.createUser({ email: 'probe@example.test', name: 'Probe', role: 'agent', password: PASSWORD });
  const { user: customer } = await deps.accounts.createUser({ email: 'load@example.test', name: 'Load', role: 'customer', password: PASSWORD });
  const fields = { customerEmail: customer.email, product: 'DIAFAN.CMS', edition: null, type: 'commercial' as const, purchasedOn: '2026-06-01' };
  await deps.licenses.upsertLicenses({
    source: 'api',
    invite: false,
    items: [{ key: 'K-LOAD', fields: { ...fields, domains: ['site.example.test'], status: 'active' as const } }],
  });
  const customerToken = (await deps.tokens.createToken({ userId: customer.id, name: 'bench', scopes: [] })).secret;
  const tokens = { customerToken, agentToken: await token('agent') };
  await h.close();
  return tokens;
}

async function startServer(dir: string, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
    env: {
      ...process.env,
      NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS ?? '',
      SUPPORTDESK_DATA_DIR: dir,
      DATABASE_URL: '',
      PORT: String(PORT),
      LOG_LEVEL: 'error',
      SUPPORTDESK_RATE_LIMIT: '0',
      ...env,
    },
    // BENCH_SERVER_NODE_OPTIONS: e.g. a --require of a probe that prints the server's event-loop delay.
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/readyz`)).ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill();
  throw new Error('server did not start');
}

interface LoadResult {
  requests: { average: number; total: number };
  statusCodeStats?: Record<string, { count: number }>;
  errors: number;
}

function runAutocannon(args: string[]): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join('node_modules', '.bin', 'autocannon'), args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', () => {
      try {
        resolve(JSON.parse(out) as LoadResult);
      } catch {
        reject(new Error(`autocannon printed no result: ${out.slice(0, 200)}`));
      }
    });
  });
}

/** One request on a connection of its own; resolves with the time to the response's first byte. */
function probe(name: string, { method = 'GET', url, headers = {}, body }: { method?: string; url: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<Probe>((resolve) => {
    const started = performance.now();
    let connectMs = NaN;
    const req = http.request(`http://127.0.0.1:${PORT}${url}`, { method, agent: false, headers: { ...headers, connection: 'close' } }, (res) => {
      const ttfbMs = performance.now() - started;
      res.resume();
      res.on('end', () => resolve({ name, ttfbMs, connectMs, status: res.statusCode ?? 0 }));
    });
    req.on('socket', (socket) => socket.once('connect', () => (connectMs = performance.now() - started)));
    req.setTimeout(60_000, () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ name, ttfbMs: performance.now() - started, connectMs, status: 0 }));
    req.end(body);
  });
}

function summarize(probes: Probe[]) {
  const byName = new Map<string, Probe[]>();
  for (const p of probes) byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
  return [...byName].map(([name, list]) => {
    const times = list.map((p) => p.ttfbMs).sort((a, b) => a - b);
    const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))]!);
    const statuses: Record<number, number> = {};
    for (const p of list) statuses[p.status] = (statuses[p.status] ?? 0) + 1;
    const connects = list.map((p) => p.connectMs).sort((a, b) => a - b);
    return {
      name,
      n: list.length,
      p50: at(0.5),
      p95: at(0.95),
      max: at(1),
      connectP95: Math.round(connects[Math.floor(0.95 * connects.length)] ?? NaN),
      statuses,
    };
  });
}

async function run(label: string, env: Record<string, string>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-bench-overload-'));
  try {
    const { customerToken, agentToken } = await prepare(dir);
    const child = await startServer(dir, env);
    try {
      // autocannon in a process of its own: in this one its 200 sockets would delay the probe's own timings.
      const load = runAutocannon([
        '-c',
        String(CONNECTIONS),
        '-d',
        String(SECONDS),
        '-m',
        'POST',
        '-H',
        `authorization=Bearer ${customerToken}`,
        '-H',
        'content-type=application/json',
        '-b',
        JSON.stringify({ kind: 'question', subject: 'Overload', body: 'The catalog page shows an error after the update.' }),
        '--json',
        `http://127.0.0.1:${PORT}/api/v1/tickets`,
      ]);
      const probes: Promise<Probe>[] = [];
      await new Promise((r) => setTimeout(r, 3000)); // let the load build up
      const kinds = [
        () => probe('healthz', { url: '/healthz' }),
        () => probe('readyz', { url: '/readyz' }),
        () =>
          probe('sign-in', {
            method: 'POST',
            url: '/api/v1/auth/sign-in',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email: 'probe@example.test', password: PASSWORD }),
          }),
        () => probe('tickets list', { url: '/api/v1/tickets?limit=25', headers: { authorization: `Bearer ${agentToken}` } }),
      ];
      const stopAt = Date.now() + (SECONDS - 5) * 1000;
      for (let i = 0; Date.now() < stopAt; i++) {
        probes.push(kinds[i % kinds.length]!());
        await new Promise((r) => setTimeout(r, 250));
      }
      const result = await load;
      const codes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count]));
      console.log(`\n## ${label}`);
      console.log(
        `load: ${CONNECTIONS} keep-alive clients creating tickets for ${SECONDS} s: ${Math.round(result.requests.average)} req/s, statuses ${JSON.stringify(codes)}, errors ${result.errors}`,
      );
      console.log('fresh-connection time to first byte (ms):');
      for (const row of summarize(await Promise.all(probes)))
        console.log(
          `  ${row.name}: n=${row.n} p50=${row.p50} p95=${row.p95} max=${row.max} (TCP connect p95=${row.connectP95}) statuses=${JSON.stringify(row.statuses)}`,
        );
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const only = process.argv[2];
console.log(`# overload: ${TICKETS} tickets, ${os.cpus().length} cores, Node ${process.version}, ${new Date().toISOString()}`);
if (!only || only === 'off') await run('load shedding off', { SUPPORTDESK_MAX_IN_FLIGHT: '0', SUPPORTDESK_MAX_LOOP_DELAY_MS: '0' });
if (!only || only === 'on') await run('load shedding on (defaults)', {});
// Other bounds: `npx tsx bench/overload.bench.ts custom` with SUPPORTDESK_MAX_IN_FLIGHT / SUPPORTDESK_MAX_LOOP_DELAY_MS set.
if (only === 'custom')
  await run(`load shedding on (in flight ${process.env.SUPPORTDESK_MAX_IN_FLIGHT}, delay ${process.env.SUPPORTDESK_MAX_LOOP_DELAY_MS} ms)`, {});
