import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.js';
import { createDb } from '../src/db/database.js';
import { createDeps } from '../src/deps.js';
import { createClock } from '../src/shared/clock.js';
import { createLogger } from '../src/shared/logger.js';
import { findPgBinDir, startPgCluster, type PgCluster } from './pg-cluster.js';
import { startServeProcess, type ServeProcess } from './serve-process.js';
import { openSse, type SseStream } from './sse.js';

interface Outcome {
  status: number;
  code?: string;
  retryAfter?: string | null;
  contentType?: string | null;
  ticketId?: string;
  error?: string;
}

// A private cluster (it is stopped and restarted under the app): needs PostgreSQL's server binaries.
describe.skipIf(!findPgBinDir())('the app rides out a PostgreSQL restart and outage', () => {
  let cluster: PgCluster;
  let server: ServeProcess;
  let dataDir: string;
  let customer: Record<string, string>;
  let agent: Record<string, string>;
  let events: SseStream | undefined;

  async function query<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    try {
      return (await client.query<T>(text, values)).rows;
    } finally {
      await client.end();
    }
  }

  async function createTicket(subject: string): Promise<Outcome> {
    try {
      const res = await fetch(`${server.url}/api/v1/tickets`, {
        method: 'POST',
        headers: { ...customer, 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'question', subject, body: 'The catalog page shows an error after the update.' }),
        // A request that hangs this long counts as hanging: the app must answer (503) instead.
        signal: AbortSignal.timeout(15_000),
      });
      const text = await res.text();
      const body = text ? (JSON.parse(text) as { id?: string; code?: string }) : {};
      return {
        status: res.status,
        code: body.code,
        retryAfter: res.headers.get('retry-after'),
        contentType: res.headers.get('content-type'),
        ticketId: res.status === 201 ? body.id : undefined,
      };
    } catch (error) {
      return { status: 0, error: (error as Error).message };
    }
  }

  async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe().catch(() => undefined);
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  beforeAll(async () => {
    cluster = await startPgCluster();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-pgrestart-'));
    server = await startServeProcess({ env: { DATABASE_URL: cluster.url, SUPPORTDESK_DATA_DIR: dataDir } });
    // People and tokens through the use cases, on a handle of our own that is closed before the restart.
    const handle = createDb({ databaseUrl: cluster.url, poolSize: 2 });
    try {
      const deps = createDeps({ config: loadConfig({}), db: handle.db, dialect: 'postgres', clock: createClock(), logger: createLogger({ level: 'silent' }) });
      const make = async (role: 'customer' | 'agent') => {
        const email = `${role}@example.test`;
        const { user } = await deps.accounts.createUser({ email, name: `Test ${role}`, role, password: 'correct horse battery' });
        if (role === 'customer') {
          const fields = { customerEmail: email, product: 'DIAFAN.CMS', edition: null, type: 'commercial' as const, purchasedOn: '2026-06-01' };
          await deps.licenses.upsertLicenses({
            source: 'api',
            invite: false,
            items: [{ key: 'K-RESTART', fields: { ...fields, domains: ['site.example.test'], status: 'active' as const } }],
          });
        }
        const { secret } = await deps.tokens.createToken({ userId: user.id, name: 'test', scopes: [] });
        return { authorization: `Bearer ${secret}` };
      };
      customer = await make('customer');
      agent = await make('agent');
    } finally {
      await handle.close();
    }
  }, 180_000);

  afterAll(async () => {
    events?.close();
    if (server && !server.isAlive()) console.error(`serve died:\n${server.output()}`);
    await server?.stop();
    await cluster?.destroy();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('under load, a restart and an outage give 503s with Retry-After, never a crash, a 500 or a hang; then everything resumes', async () => {
    events = await openSse(`${server.url}/api/v1/events`, { headers: agent });
    expect(events.status).toBe(200);
    expect((await createTicket('before the restart')).status).toBe(201);

    const outcomes: Outcome[] = [];
    let isLoading = true;
    const workers = Array.from({ length: 6 }, async (_, w) => {
      for (let i = 0; isLoading; i++) {
        outcomes.push(await createTicket(`load ${w}-${i}`));
        await new Promise((r) => setTimeout(r, 20));
      }
    });

    await new Promise((r) => setTimeout(r, 1500));
    await cluster.restart({ mode: 'fast' });
    await new Promise((r) => setTimeout(r, 1500));

    // An outage: the database is away for a while.
    await cluster.stop({ mode: 'immediate' });
    const readyWhileDown = await fetch(`${server.url}/readyz`, { signal: AbortSignal.timeout(10_000) });
    expect(readyWhileDown.status).toBe(503);
    expect(readyWhileDown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await readyWhileDown.json()) as { code: string }).code).toBe('server.database_unreachable');
    const whileDown = await createTicket('while the database is down');
    expect(whileDown).toMatchObject({ status: 503, code: 'server.database_unreachable' });
    expect(Number(whileDown.retryAfter)).toBeGreaterThan(0);
    expect(whileDown.contentType).toMatch(/^application\/problem\+json/);
    const health = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(5000) });
    expect(health.status).toBe(200);
    await new Promise((r) => setTimeout(r, 1000));
    await cluster.start();

    await waitFor('/readyz to answer 200 again', async () => ((await fetch(`${server.url}/readyz`)).ok ? true : undefined), 20_000);
    await new Promise((r) => setTimeout(r, 1000));
    isLoading = false;
    await Promise.all(workers);

    expect(server.isAlive()).toBe(true);
    const count = (status: number) => outcomes.filter((o) => o.status === status).length;
    console.info(`PostgreSQL restart + outage under load: ${outcomes.length} requests, ${count(201)} acknowledged (201), ${count(503)} refused (503)`);
    // On a busy machine the server may also shed a request (503 `server.overloaded`): a clean refusal too.
    const refusals = new Set(['server.database_unreachable', 'server.overloaded']);
    const unexpected = outcomes.filter((o) => o.status !== 201 && !(o.status === 503 && refusals.has(o.code ?? '') && Number(o.retryAfter) > 0));
    expect(unexpected).toEqual([]);
    expect(outcomes.filter((o) => o.code === 'server.database_unreachable').length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o.status === 201).length).toBeGreaterThan(0);

    // Nothing acknowledged is lost.
    const acknowledged = outcomes.flatMap((o) => (o.ticketId ? [o.ticketId] : []));
    const stored = new Set((await query<{ id: string }>('select id from tickets where id = any($1)', [acknowledged])).map((r) => r.id));
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);

    // The pool reconnected: a new ticket is acknowledged as usual.
    const after = await createTicket('after the restart');
    expect(after.status).toBe(201);

    // The job runner resumed: every ticket's notification job gets done.
    let notDone: unknown[] = [];
    await waitFor(
      'the queued jobs to be done',
      async () => {
        notDone = await query(
          "select name, status, attempts, last_error, run_at - $1::bigint as due_in from jobs where status <> 'done' and name = 'notifications.ticket_created'",
          [Date.now()],
        );
        return notDone.length === 0 ? true : undefined;
      },
      60_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}: ${JSON.stringify(notDone.slice(0, 5))} (${notDone.length} in all)`);
    });

    // The LISTEN/NOTIFY relay listens again: a change another node announces reaches this node's viewers.
    await waitFor('the relay to listen again', async () => {
      const rows = await query("select 1 from pg_stat_activity where application_name like 'supportdesk-events:%'");
      return rows.length > 0 ? true : undefined;
    });
    const [ticket] = await query<{ id: string; number: number; customer_id: string }>('select id, number, customer_id from tickets where id = $1', [
      after.ticketId,
    ]);
    const change = {
      type: 'ticket.updated',
      ticketId: ticket!.id,
      ticketNumber: Number(ticket!.number),
      customerId: ticket!.customer_id,
      isInternal: false,
      at: Date.now(),
    };
    // The connection may show before its LISTEN is in place: announce until it arrives.
    const announce = setInterval(() => void query('select pg_notify($1, $2)', ['supportdesk_events', JSON.stringify(change)]).catch(() => undefined), 500);
    try {
      for (;;) {
        const frame = await events.nextEvent(15_000);
        if (frame.event === 'ticket.updated' && (JSON.parse(frame.data) as { ticketId: string }).ticketId === ticket!.id) break;
      }
    } finally {
      clearInterval(announce);
    }
    expect(server.isAlive()).toBe(true);
  }, 240_000);
});
