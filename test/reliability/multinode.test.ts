import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createDb } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createDeps } from '../../src/deps.js';
import { generateMasterKey } from '../../src/modules/vault/vault.crypto.js';
import { formatKey } from '../../src/modules/vault/vault.keys.js';
import { createClock } from '../../src/shared/clock.js';
import { createLogger } from '../../src/shared/logger.js';
import { startSmtpServer, type TestSmtpServer } from '../mail.js';
import { findPgBinDir, startPgCluster, type PgCluster } from '../pg-cluster.js';
import { startServeProcess, type ServeProcess } from '../serve-process.js';
import { openSse, type SseStream } from '../sse.js';

// Issue 13.10: many nodes for real. A private PostgreSQL cluster, two `serve` processes with data
// directories of their own behind a round-robin proxy written here, a mixed workload (tickets,
// replies, attachments uploaded through one node and downloaded through the other, vault submit
// and reveal, a live SSE client, mail to a test SMTP server) while one node is killed with
// SIGKILL (and restarted) and PostgreSQL is restarted once.

const PASSWORD = 'correct horse battery';

interface Outcome {
  op: string;
  status: number;
  code?: string;
  /** The node that answered (the proxy's `x-sd-node`). */
  node?: string;
  /** The proxy's own failure: the node died with the request in flight (no answer is no acknowledgement). */
  proxyError?: string;
  at: number;
}

/**
 * A small round-robin reverse proxy. A node that refuses the connection (down) is skipped, as a
 * load balancer does; a node that dies with a request in flight leaves that request unanswered
 * (502 `x-sd-proxy-error`), as nginx does for a POST it has already sent.
 */
async function startProxy(nodes: (string | undefined)[]) {
  let next = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const tried = new Set<number>();
      const attempt = () => {
        let index = -1;
        for (let i = 0; i < nodes.length; i++) {
          const candidate = (next + i) % nodes.length;
          if (nodes[candidate] && !tried.has(candidate)) {
            index = candidate;
            break;
          }
        }
        next = (next + 1) % nodes.length;
        if (index === -1) {
          res.writeHead(502, { 'x-sd-proxy-error': 'no node' }).end();
          return;
        }
        tried.add(index);
        const target = new URL(req.url ?? '/', nodes[index]);
        const upstream = http.request(target, { method: req.method, headers: { ...req.headers, host: target.host }, agent: false }, (up) => {
          res.writeHead(up.statusCode ?? 502, { ...up.headers, 'x-sd-node': String(index) });
          up.pipe(res);
          up.on('error', () => res.destroy());
          up.on('aborted', () => res.destroy());
        });
        upstream.on('error', (error: NodeJS.ErrnoException) => {
          if (res.headersSent) {
            res.destroy();
            return;
          }
          if (error.code === 'ECONNREFUSED') attempt();
          else res.writeHead(502, { 'x-sd-proxy-error': error.code ?? 'error' }).end();
        });
        res.on('close', () => upstream.destroy());
        upstream.end(body);
      };
      attempt();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe.skipIf(!findPgBinDir())('two nodes on one PostgreSQL, through a node kill and a database restart', () => {
  let cluster: PgCluster;
  let smtp: TestSmtpServer;
  const nodes: (ServeProcess | undefined)[] = [];
  const upstreams: (string | undefined)[] = [];
  const dataDirs: string[] = [];
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let env: Record<string, string>;
  const customers: { email: string; headers: Record<string, string> }[] = [];
  let agent: Record<string, string>;
  let admin: Record<string, string>;

  async function query<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    try {
      return (await client.query<T>(text, values)).rows;
    } finally {
      await client.end();
    }
  }

  async function startNode(index: number): Promise<void> {
    const node = await startServeProcess({ env: { ...env, SUPPORTDESK_DATA_DIR: dataDirs[index]! } });
    nodes[index] = node;
    upstreams[index] = node.url;
  }

  beforeAll(async () => {
    [cluster, smtp] = await Promise.all([startPgCluster(), startSmtpServer()]);
    for (let i = 0; i < 2; i++) dataDirs.push(fs.mkdtempSync(path.join(os.tmpdir(), `sd-node${i}-`)));
    proxy = await startProxy(upstreams);
    env = {
      DATABASE_URL: cluster.url,
      SUPPORTDESK_PUBLIC_URL: proxy.url,
      SUPPORTDESK_VAULT_KEY: formatKey(generateMasterKey()),
      SUPPORTDESK_SMTP_HOST: '127.0.0.1',
      SUPPORTDESK_SMTP_PORT: String(smtp.port),
      SUPPORTDESK_SMTP_TLS: 'none',
      SUPPORTDESK_MAIL_FROM: 'Support <support@example.test>',
    };
    // Migrated here, so both nodes start at once on a migrated database.
    const handle = createDb({ databaseUrl: cluster.url, poolSize: 2 });
    await migrateToLatest({ db: handle.db });
    const booting = Promise.all([startNode(0), startNode(1)]);
    try {
      const deps = createDeps({ config: loadConfig({}), db: handle.db, dialect: 'postgres', clock: createClock(), logger: createLogger({ level: 'silent' }) });
      const make = async (role: 'customer' | 'agent' | 'admin', n = 0) => {
        const email = `${role}${n}@example.test`;
        const { user } = await deps.accounts.createUser({ email, name: `Test ${role} ${n}`, role, password: PASSWORD });
        if (role === 'customer') {
          const fields = { customerEmail: email, product: 'DIAFAN.CMS', edition: null, type: 'commercial' as const, purchasedOn: '2026-06-01' };
          await deps.licenses.upsertLicenses({
            source: 'api',
            invite: false,
            items: [{ key: `K-NODE-${n}`, fields: { ...fields, domains: [`site${n}.example.test`], status: 'active' as const } }],
          });
        }
        const { secret } = await deps.tokens.createToken({ userId: user.id, name: 'test', scopes: [] });
        return { email, headers: { authorization: `Bearer ${secret}` } };
      };
      for (let n = 0; n < 4; n++) customers.push(await make('customer', n));
      agent = (await make('agent')).headers;
      await make('admin');
    } finally {
      await handle.close();
    }
    await booting;
    // The vault reveals only to a signed-in person (a session, not a token): the admin signs in through the proxy.
    const signIn = await fetch(`${proxy.url}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin0@example.test', password: PASSWORD }),
    });
    expect(signIn.status).toBe(200);
    const cookie = /sd_session=[^;]+/.exec(signIn.headers.get('set-cookie') ?? '')![0];
    admin = { cookie, 'x-csrf-token': ((await signIn.json()) as { csrfToken: string }).csrfToken };
  }, 120_000);

  afterAll(async () => {
    for (const node of nodes) {
      if (node && !node.isAlive() && node.child.signalCode !== 'SIGKILL') console.error(`a node died:\n${node.output()}`);
      await node?.stop();
    }
    await proxy?.close();
    await smtp?.stop();
    await cluster?.destroy();
    for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('every acknowledged write is there, every mail went once, the live client resumed, and no 5xx but 503s while the database restarted', async () => {
    const outcomes: Outcome[] = [];
    const started = Date.now();

    async function send(op: string, url: string, init: RequestInit & { headers: Record<string, string> }): Promise<{ outcome: Outcome; body: Buffer }> {
      try {
        const res = await fetch(url.startsWith('http') ? url : `${proxy.url}${url}`, { ...init, signal: AbortSignal.timeout(20_000) });
        const body = Buffer.from(await res.arrayBuffer());
        let code: string | undefined;
        if (res.headers.get('content-type')?.startsWith('application/problem+json')) code = (JSON.parse(body.toString()) as { code?: string }).code;
        const outcome: Outcome = {
          op,
          status: res.status,
          code,
          node: res.headers.get('x-sd-node') ?? undefined,
          proxyError: res.headers.get('x-sd-proxy-error') ?? undefined,
          at: Date.now() - started,
        };
        outcomes.push(outcome);
        return { outcome, body };
      } catch (error) {
        const outcome: Outcome = { op, status: 0, proxyError: (error as Error).message, at: Date.now() - started };
        outcomes.push(outcome);
        return { outcome, body: Buffer.alloc(0) };
      }
    }
    const json = (headers: Record<string, string>, body: unknown) => ({
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

    // What the server acknowledged (a 2xx answer): all of it must be there afterwards.
    const ackTickets: string[] = [];
    const ackMessages: string[] = [];
    const ackAttachments: { id: string; bytes: Buffer; customer: number }[] = [];
    const ackSecrets: { requestId: string; password: string }[] = [];
    let downloads = 0;
    let reveals = 0;
    let wrongBytes = 0;

    // The live client: an agent's event stream through the proxy, reconnecting as a browser's EventSource does.
    const live = { connections: 0, events: new Set<string>(), nodes: [] as string[], stream: undefined as SseStream | undefined, stop: false };
    const liveLoop = (async () => {
      while (!live.stop) {
        try {
          const stream = await openSse(`${proxy.url}/api/v1/events`, { headers: agent });
          if (stream.status !== 200) {
            stream.close();
            await new Promise((r) => setTimeout(r, 300));
            continue;
          }
          live.stream = stream;
          live.connections++;
          live.nodes.push(String(stream.headers['x-sd-node']));
          let ended = false;
          void stream.ended.then(() => (ended = true));
          while (!live.stop && !ended) {
            const frame = await stream.nextEvent(1000).catch(() => undefined);
            if (frame) live.events.add((JSON.parse(frame.data) as { ticketId: string }).ticketId);
          }
          stream.close();
        } catch {
          await new Promise((r) => setTimeout(r, 300));
        }
      }
    })();
    const deadline = Date.now() + 10_000;
    while (live.connections === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(live.connections).toBe(1);
    // Kill the node that holds the live client: it must come back through the other one.
    const victim = Number(live.nodes[0]);

    let running = true;
    const customerLoop = async (c: number) => {
      const customer = customers[c]!;
      for (let i = 0; running; i++) {
        const created = await send(
          'create',
          '/api/v1/tickets',
          json(customer.headers, { kind: 'question', subject: `Node test ${c}-${i}`, body: 'The catalog breaks.' }),
        );
        if (created.outcome.status !== 201) continue;
        const ticketId = (JSON.parse(created.body.toString()) as { id: string }).id;
        ackTickets.push(ticketId);
        // A file of two chunks and more, uploaded through one node...
        const bytes = Buffer.from(randomBytes(150_000).toString('hex'));
        const boundary = `sd${randomBytes(8).toString('hex')}`;
        const multipart = Buffer.concat([
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="debug-${c}-${i}.log"\r\nContent-Type: text/plain\r\n\r\n`),
          bytes,
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]);
        const uploaded = await send('upload', '/api/v1/attachments', {
          method: 'POST',
          headers: { ...customer.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
          body: multipart,
        });
        const attachmentIds: string[] = [];
        if (uploaded.outcome.status === 201) {
          const id = (JSON.parse(uploaded.body.toString()) as { id: string }).id;
          ackAttachments.push({ id, bytes, customer: c });
          attachmentIds.push(id);
        }
        const replied = await send('reply', `/api/v1/tickets/${ticketId}/messages`, json(customer.headers, { body: `More details ${i}`, attachmentIds }));
        if (replied.outcome.status === 201) ackMessages.push((JSON.parse(replied.body.toString()) as { message: { id: string } }).message.id);
        // ...and read back through whichever node the proxy picks next.
        const mine = ackAttachments.filter((a) => a.customer === c);
        const pick = mine[i % mine.length];
        if (pick) {
          const got = await send('download', `/api/v1/attachments/${pick.id}`, { method: 'GET', headers: customer.headers });
          if (got.outcome.status === 200) {
            downloads++;
            if (!got.body.equals(pick.bytes)) wrongBytes++;
          }
        }
      }
    };
    const vaultLoop = async () => {
      const customer = customers[3]!;
      for (let i = 0; running; i++) {
        const created = await send(
          'create',
          '/api/v1/tickets',
          json(customer.headers, { kind: 'emergency', subject: `The shop is down ${i}`, body: 'Error 500 everywhere.' }),
        );
        if (created.outcome.status !== 201) continue;
        const ticketId = (JSON.parse(created.body.toString()) as { id: string }).id;
        ackTickets.push(ticketId);
        const requested = await send(
          'vault.request',
          `/api/v1/tickets/${ticketId}/access-requests`,
          json(admin, { kind: 'ftp', reason: 'To restore the theme.' }),
        );
        if (requested.outcome.status !== 201) continue;
        const requestId = (JSON.parse(requested.body.toString()) as { id: string }).id;
        const password = `Node-Pass-${i}-${randomBytes(4).toString('hex')}`;
        const submitted = await send(
          'vault.submit',
          `/api/v1/access-requests/${requestId}/secret`,
          json(customer.headers, { host: 'ftp.example.test', port: 21, username: 'deploy', password }),
        );
        if (submitted.outcome.status !== 200) continue;
        ackSecrets.push({ requestId, password });
        const revealed = await send(
          'vault.reveal',
          `/api/v1/access-requests/${requestId}/reveal`,
          json(admin, { password: PASSWORD, reason: 'Restoring it now.' }),
        );
        if (revealed.outcome.status === 200) {
          reveals++;
          if ((JSON.parse(revealed.body.toString()) as { secret: { password: string } }).secret.password !== password) wrongBytes++;
        }
      }
    };
    const workers = [0, 1, 2].map((c) => customerLoop(c)).concat(vaultLoop());

    // The faults: SIGKILL one node (restarted), then a PostgreSQL restart while both serve.
    await new Promise((r) => setTimeout(r, 4000));
    const killedPid = nodes[victim]!.child.pid!;
    const killedAt = Date.now() - started;
    nodes[victim]!.child.kill('SIGKILL');
    upstreams[victim] = undefined;
    await nodes[victim]!.exit;
    await startNode(victim);
    const restartedAt = Date.now() - started;
    await new Promise((r) => setTimeout(r, 1500));
    const dbRestartFrom = Date.now() - started;
    await cluster.restart({ mode: 'fast' });
    const dbRestartTo = Date.now() - started;
    for (const url of upstreams) {
      const ready = Date.now() + 20_000;
      while (
        !(await fetch(`${url}/readyz`).then(
          (r) => r.ok,
          () => false,
        )) &&
        Date.now() < ready
      )
        await new Promise((r) => setTimeout(r, 200));
    }
    const readyAgainAt = Date.now() - started;
    await new Promise((r) => setTimeout(r, 2500));
    running = false;
    await Promise.all(workers);

    // A ticket made after everything reaches the live client, wherever its stream now is.
    const final = await send('create', '/api/v1/tickets', json(customers[0]!.headers, { kind: 'question', subject: 'After the faults', body: 'Still there?' }));
    expect(final.outcome.status).toBe(201);
    const finalId = (JSON.parse(final.body.toString()) as { id: string }).id;
    ackTickets.push(finalId);
    const liveDeadline = Date.now() + 15_000;
    while (!live.events.has(finalId) && Date.now() < liveDeadline) await new Promise((r) => setTimeout(r, 100));
    live.stop = true;
    live.stream?.close();
    await liveLoop;

    // The killed node's leases would run out in minutes (jobs 5, mail 2); end them now, as time would.
    const expiredJobs = await query('update jobs set locked_until = 0 where status = $1 and locked_by like $2 returning id', ['running', `%:${killedPid}:%`]);
    const expiredMail = await query<{ message_id: string }>(
      'update mail_outbox set locked_until = 0 where status = $1 and locked_by like $2 returning message_id',
      ['sending', `%:${killedPid}:%`],
    );

    // Every mail the outbox holds is sent, and reached the SMTP server exactly once.
    let pending: unknown[] = [];
    const mailDeadline = Date.now() + 30_000;
    for (;;) {
      pending = await query(
        `select 'mail' as what, template as name, status, attempts, locked_by, next_attempt_at - $1::bigint as due_in, last_error from mail_outbox where status <> 'sent'
         union all
         select 'job', name, status, attempts, locked_by, run_at - $1::bigint, last_error from jobs where status not in ('done', 'failed') and name like 'notifications.%'`,
        [Date.now()],
      );
      if (pending.length === 0 || Date.now() > mailDeadline) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const outbox = await query<{ message_id: string }>("select message_id from mail_outbox where status = 'sent'");
    const receivedIds = smtp.received.map((m) => m.parsed.messageId);
    const timesReceived = (id: string) => receivedIds.filter((r) => r === id).length;
    // A mail the SMTP server took just before its sender was killed, not yet recorded as sent, goes
    // again: at most those (and with the same Message-ID, which mail clients show once).
    const inFlightAtKill = new Set(expiredMail.map((m) => m.message_id));
    const notOnce = outbox.filter((m) => timesReceived(m.message_id) !== 1).map((m) => `${m.message_id} x${timesReceived(m.message_id)}`);
    const twiceInFlight = outbox.filter((m) => timesReceived(m.message_id) === 2 && inFlightAtKill.has(m.message_id)).length;
    const wrongCount = outbox.filter((m) => timesReceived(m.message_id) !== 1 && !(timesReceived(m.message_id) === 2 && inFlightAtKill.has(m.message_id)));

    // Every acknowledged write is stored.
    const have = async (table: string, ids: string[]) =>
      new Set((await query<{ id: string }>(`select id from ${table} where id = any($1)`, [ids])).map((r) => r.id));
    const tickets = await have('tickets', ackTickets);
    const messages = await have('ticket_messages', ackMessages);
    const attachments = await have(
      'attachments',
      ackAttachments.map((a) => a.id),
    );
    const secrets = new Set(
      (await query<{ request_id: string }>('select request_id from vault_secrets where request_id = any($1)', [ackSecrets.map((s) => s.requestId)])).map(
        (r) => r.request_id,
      ),
    );
    // Each node serves every acknowledged file (no node has them on disk: data directories of their own).
    let servedByEach = 0;
    for (const { id, bytes, customer } of ackAttachments.slice(-6)) {
      for (const url of upstreams) {
        const res = await fetch(`${url}/api/v1/attachments/${id}`, { headers: customers[customer]!.headers });
        if (res.status === 200 && Buffer.from(await res.arrayBuffer()).equals(bytes)) servedByEach++;
      }
    }
    for (const dir of dataDirs) expect(fs.existsSync(path.join(dir, 'attachments')) && fs.readdirSync(path.join(dir, 'attachments')).length > 0).toBe(false);
    // Each node reveals the last acknowledged secret.
    const lastSecret = ackSecrets[ackSecrets.length - 1]!;
    const revealedOnEach: string[] = [];
    for (const url of upstreams) {
      const res = await fetch(
        `${url}/api/v1/access-requests/${lastSecret.requestId}/reveal`,
        json(admin, { password: PASSWORD, reason: 'Checking each node.' }),
      );
      revealedOnEach.push(res.status === 200 ? ((await res.json()) as { secret: { password: string } }).secret.password : `HTTP ${res.status}`);
    }

    const byStatus = new Map<string, number>();
    for (const o of outcomes) {
      const key = o.proxyError ? `unanswered (${o.proxyError})` : `${o.status}${o.code ? ` ${o.code}` : ''}`;
      byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
    }
    console.info(
      [
        `multi-node run: ${outcomes.length} requests through the proxy in ${Math.round((Date.now() - started) / 1000)} s`,
        `  node ${victim} killed at ${killedAt} ms, restarted by ${restartedAt} ms; PostgreSQL restarted ${dbRestartFrom}-${dbRestartTo} ms, all ready by ${readyAgainAt} ms`,
        `  answers: ${[...byStatus].map(([k, v]) => `${k}: ${v}`).join(', ')}`,
        `  acknowledged: ${ackTickets.length} tickets, ${ackMessages.length} replies, ${ackAttachments.length} attachments, ${ackSecrets.length} vault secrets`,
        `  found after: ${tickets.size} tickets, ${messages.size} replies, ${attachments.size} attachments, ${secrets.size} vault secrets`,
        `  downloads ${downloads} (wrong bytes: ${wrongBytes}), reveals ${reveals}; each node served ${servedByEach} of ${Math.min(6, ackAttachments.length) * 2} checks`,
        `  mail: ${outbox.length} sent, ${smtp.received.length} received, not exactly once: ${notOnce.length} (twice and in flight on the killed node: ${twiceInFlight}); leases of the killed node ended by hand: ${expiredJobs.length} jobs, ${expiredMail.length} mails`,
        `  live client: ${live.connections} connections (nodes ${live.nodes.join(' -> ')}), ${live.events.size} tickets seen`,
        `  still pending: ${pending.length} ${JSON.stringify(pending.slice(0, 3))}`,
      ].join('\n'),
    );

    expect(pending).toEqual([]);
    expect(ackTickets.filter((id) => !tickets.has(id))).toEqual([]);
    expect(ackMessages.filter((id) => !messages.has(id))).toEqual([]);
    expect(ackAttachments.filter((a) => !attachments.has(a.id))).toEqual([]);
    expect(ackSecrets.filter((s) => !secrets.has(s.requestId))).toEqual([]);
    expect(wrongBytes).toBe(0);
    expect(servedByEach).toBe(Math.min(6, ackAttachments.length) * 2);
    expect(revealedOnEach).toEqual([lastSecret.password, lastSecret.password]);
    expect(wrongCount.map((m) => `${m.message_id} x${timesReceived(m.message_id)}`)).toEqual([]);
    expect(outbox.length).toBeGreaterThan(0);
    expect(live.connections).toBeGreaterThanOrEqual(2);
    expect(live.events.has(finalId)).toBe(true);
    expect(ackTickets.length).toBeGreaterThan(10);
    expect(downloads).toBeGreaterThan(0);
    expect(reveals).toBeGreaterThan(0);

    // No 5xx but 503s while the database restarted; requests in flight on the killed node get no answer.
    const windowSlack = 3000;
    const unexpected = outcomes.filter((o) => {
      if (o.status >= 200 && o.status < 300) return false;
      if (o.proxyError) return !(o.at >= killedAt - 100 && o.at <= killedAt + windowSlack);
      if (o.status === 503 && o.code === 'server.database_unreachable') return !(o.at >= dbRestartFrom - 100 && o.at <= readyAgainAt + windowSlack);
      return true;
    });
    expect(unexpected).toEqual([]);
    for (const node of nodes) expect(node!.isAlive()).toBe(true);
  }, 150_000);
});
