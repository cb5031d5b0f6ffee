// What a reader is shown must survive the server being killed: the fault campaign of issue 13
// found readers served tickets from a batch not yet committed, which `kill -9` then took back
// (and whose numbers went to other tickets). SQLite only: PostgreSQL never shows uncommitted data.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { openRuntime } from '../../src/runtime.js';
import { createLogger } from '../../src/shared/logger.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function startServer(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/main.ts'), 'serve'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', SUPPORTDESK_RATE_LIMIT: '0', SUPPORTDESK_MAX_IN_FLIGHT: '0', SUPPORTDESK_MAX_LOOP_DELAY_MS: '0', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

async function waitForReady(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the server did not become ready');
}

describe('SQLite: what readers see survives kill -9', () => {
  let dataDir: string;
  let customerToken: string;
  let agentToken: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-kill-'));
    const runtime = await openRuntime({ config: { ...loadConfig({}), dataDir }, logger: createLogger({ level: 'silent' }) });
    try {
      const { accounts, tokens } = runtime.deps;
      const customer = await accounts.createUser({ email: 'customer@example.test', name: 'Customer', role: 'customer', password: 'correct horse battery' });
      const agent = await accounts.createUser({ email: 'agent@example.test', name: 'Agent', role: 'agent', password: 'correct horse battery' });
      customerToken = (await tokens.createToken({ userId: customer.user.id, name: 'load', scopes: [] })).secret;
      agentToken = (await tokens.createToken({ userId: agent.user.id, name: 'load', scopes: [] })).secret;
    } finally {
      await runtime.close();
    }
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  /** One run: start the server on the data directory, load it, kill it; returns what was shown and acknowledged. */
  async function loadAndKill(): Promise<{ shown: Map<string, number>; acknowledged: Map<string, number> }> {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = startServer({ SUPPORTDESK_DATA_DIR: dataDir, PORT: String(port), SUPPORTDESK_RUN_JOBS: 'false' });
    const shown = new Map<string, number>();
    const acknowledged = new Map<string, number>();
    try {
      await waitForReady(url, child);
      let isRunning = true;
      const startedAt = Date.now();
      // The moment that matters: a reader has been shown a ticket whose creator has not had its answer
      // yet. Killing the server right then takes back anything that was shown before its commit.
      let killNow = false;
      const writer = async (w: number) => {
        for (let i = 0; isRunning; i++) {
          const res = await fetch(`${url}/api/v1/tickets`, {
            method: 'POST',
            headers: { authorization: `Bearer ${customerToken}`, 'content-type': 'application/json' },
            body: JSON.stringify({ kind: 'suggestion', subject: `Idea ${w}-${i}`, body: 'Please add dark mode.' }),
          }).catch(() => null);
          if (res?.status === 201) {
            const ticket = (await res.json()) as { id: string; number: number };
            acknowledged.set(ticket.id, ticket.number);
          }
        }
      };
      const reader = async () => {
        while (isRunning) {
          const res = await fetch(`${url}/api/v1/tickets?queue=all&limit=50`, { headers: { authorization: `Bearer ${agentToken}` } }).catch(() => null);
          if (res?.status !== 200) continue;
          const page = (await res.json().catch(() => ({ items: [] }))) as { items: { id: string; number: number }[] };
          for (const ticket of page.items) {
            shown.set(ticket.id, ticket.number);
            if (!acknowledged.has(ticket.id) && Date.now() - startedAt > 1_000) killNow = true;
          }
          if (killNow) child.kill('SIGKILL');
        }
      };
      const load = [...Array.from({ length: 8 }, (_, w) => writer(w)), reader(), reader()];
      // Let the load run, then kill the server while batches are in flight.
      const deadline = Date.now() + 5_000;
      const hardDeadline = Date.now() + 60_000;
      while (!killNow && (Date.now() < deadline || acknowledged.size < 50) && Date.now() < hardDeadline)
        await new Promise((resolve) => setTimeout(resolve, 10));
      child.kill('SIGKILL');
      isRunning = false;
      await Promise.all(load);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    if (child.exitCode === null && child.signalCode === null) await new Promise((resolve) => child.once('exit', resolve));
    return { shown, acknowledged };
  }

  it('every ticket a reader was shown is still there, with the same number, after the server is killed mid-load (3 times)', async () => {
    const shown = new Map<string, number>();
    const acknowledged = new Map<string, number>();
    for (let round = 0; round < 3; round++) {
      const run = await loadAndKill();
      for (const [id, number] of run.shown) shown.set(id, number);
      for (const [id, number] of run.acknowledged) acknowledged.set(id, number);
    }
    const db = new SQLite(path.join(dataDir, 'supportdesk.sqlite'));
    try {
      const stored = new Map((db.prepare('select id, number from tickets').all() as { id: string; number: number }[]).map((t) => [t.id, t.number]));
      const lostShown = [...shown].filter(([id, number]) => stored.get(id) !== number);
      const lostAcknowledged = [...acknowledged].filter(([id, number]) => stored.get(id) !== number);
      expect({ shown: shown.size > 0, lostShown, lostAcknowledged }).toEqual({ shown: true, lostShown: [], lostAcknowledged: [] });
    } finally {
      db.close();
    }
  }, 300_000);
});
