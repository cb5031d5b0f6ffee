// Webhook deliveries survive a server killed in the middle of one (issue 18): nothing acknowledged
// is lost, each ticket's events arrive in order, and a receiver that deduplicates by id sees each
// event once. A real `serve` process (its own job runner) on SQLite, killed with SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { openRuntime } from '../../src/runtime.js';
import { createLogger } from '../../src/shared/logger.js';
import { findFreePort } from '../mail.js';
import { startReceiver, type TestReceiver } from '../webhooks.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TICKETS = 4;
const REPLIES = 3;

function startServer(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/main.ts'), 'serve'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', SUPPORTDESK_RATE_LIMIT: '0', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} while waiting for ${what}`);
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('webhooks across a server kill -9', () => {
  let dataDir: string;
  let customerToken: string;
  let receiver: TestReceiver;
  let inFlight = 0;

  beforeAll(async () => {
    receiver = await startReceiver();
    // Slow answers, so that the kill finds a request in flight.
    receiver.respond(() => {
      inFlight++;
      return { status: 200, delayMs: 1500 };
    });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-webhooks-kill-'));
    const runtime = await openRuntime({ config: { ...loadConfig({}), dataDir }, logger: createLogger({ level: 'silent' }) });
    try {
      const { accounts, tokens, licenses, webhooks } = runtime.deps;
      const admin = await accounts.createUser({ email: 'admin@example.test', name: 'Admin', role: 'admin', password: 'correct horse battery' });
      const customer = await accounts.createUser({ email: 'customer@example.test', name: 'Customer', role: 'customer', password: 'correct horse battery' });
      await licenses.upsertLicenses({
        source: 'api',
        invite: false,
        items: [
          {
            key: 'K-1',
            fields: { customerEmail: 'customer@example.test', product: 'CMS', type: 'commercial', purchasedOn: '2026-10-01', domains: [], status: 'active' },
          },
        ],
      });
      customerToken = (await tokens.createToken({ userId: customer.user.id, name: 'load', scopes: [] })).secret;
      await webhooks.writeSettings({ settings: { allowPrivateTargets: true }, actor: admin.user });
      await webhooks.createSubscription({ url: receiver.url, events: ['ticket.created', 'message.customer'], description: 'kill test', actor: admin.user });
    } finally {
      await runtime.close();
    }
  });
  afterAll(async () => {
    await receiver.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('none lost, each delivered once to a receiver that deduplicates by id, in order per ticket', { timeout: 240_000 }, async () => {
    const env = { SUPPORTDESK_DATA_DIR: dataDir, DATABASE_URL: '', SUPPORTDESK_RUN_JOBS: 'true' };
    const port = await findFreePort();
    const url = `http://127.0.0.1:${port}`;
    let child = startServer({ ...env, PORT: String(port) });
    const acknowledged: { ticketId: string; what: string }[] = [];
    try {
      await waitFor(
        'the server',
        () =>
          fetch(`${url}/readyz`).then(
            (r) => r.ok,
            () => false,
          ),
        90_000,
        child,
      );
      const post = async (pathname: string, body: unknown) => {
        let res: Response;
        // A busy machine may shed a request (503 with Retry-After, nothing written): a client retries it.
        for (let attempt = 1; ; attempt++) {
          res = await fetch(`${url}${pathname}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${customerToken}`, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
          if (res.status !== 503 || attempt === 20) break;
          expect((await res.json()) as { code: string }).toMatchObject({ code: 'server.overloaded' });
          await new Promise((resolve) => setTimeout(resolve, 1000 * Number(res.headers.get('retry-after') ?? 1)));
        }
        expect(res.status).toBe(201);
        return (await res.json()) as { id?: string; ticket?: { id: string } };
      };
      for (let t = 0; t < TICKETS; t++) {
        const ticket = await post('/api/v1/tickets', { kind: 'question', subject: `T${t}`, body: `T${t} first` });
        acknowledged.push({ ticketId: ticket.id!, what: 'ticket.created' });
        for (let r = 1; r <= REPLIES; r++) {
          await post(`/api/v1/tickets/${ticket.id}/messages`, { body: `T${t} reply ${r}` });
          acknowledged.push({ ticketId: ticket.id!, what: `reply ${r}` });
        }
      }
      // Kill it while the receiver holds a request open (its answer will never reach the server).
      await waitFor('a delivery in flight', () => inFlight > 0 && receiver.accepted().length < acknowledged.length, 60_000, child);
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }

    child = startServer({ ...env, PORT: String(await findFreePort()) });
    try {
      // The killed request's lease (30 s) runs out, then the restarted job runner sends it again.
      await waitFor('every event', () => receiver.accepted().length >= acknowledged.length, 150_000, child);
    } finally {
      child.kill('SIGKILL');
    }
    const accepted = receiver.accepted();
    expect(accepted).toHaveLength(acknowledged.length);
    expect(receiver.received.length).toBeGreaterThan(accepted.length); // at least one was sent twice
    for (const ticketId of new Set(acknowledged.map((a) => a.ticketId))) {
      const seen = accepted.filter((r) => r.ticketId === ticketId).map((r) => JSON.parse(r.body) as { type: string; data: { message?: { body: string } } });
      expect(seen.map((e) => (e.type === 'ticket.created' ? e.type : e.data.message!.body.replace(/^T\d+ /, '')))).toEqual([
        'ticket.created',
        ...Array.from({ length: REPLIES }, (_, i) => `reply ${i + 1}`),
      ]);
    }
  });
});
