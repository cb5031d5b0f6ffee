// Ticket creation on PostgreSQL by one app node and by two (issue 13.9): the same generated helpdesk,
// 16 connections in all (two nodes: 8 each, at once), each figure from 10 s after 3 s of warm-up.
// `npx tsx bench/tickets-nodes.bench.ts` (BENCH_TICKETS scales the data set). Every node and the
// database share this machine's cores, so the second node shows what one more process buys here,
// not what a second machine would.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { prepareDataset, startServer } from './tickets.bench.js';

const FIRST_PORT = 39_410;

async function createTickets({ ports, customer, connections }: { ports: number[]; customer: string; connections: number }): Promise<number> {
  const run = (port: number, duration: number) =>
    autocannon({
      url: `http://127.0.0.1:${port}/api/v1/tickets`,
      connections: connections / ports.length,
      duration,
      method: 'POST',
      headers: { authorization: customer, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'suggestion', subject: 'Bench ticket', body: 'Please add a dark theme to the admin panel.' }),
    });
  await Promise.all(ports.map((port) => run(port, 3)));
  const results = await Promise.all(ports.map((port) => run(port, 10)));
  const refused = results.reduce((sum, r) => sum + r.non2xx, 0);
  if (refused > 0) throw new Error(`ticket creation: ${refused} non-2xx answers`);
  return Math.round(results.reduce((sum, r) => sum + r.requests.average, 0));
}

const { env, tokenFor, cleanup } = await prepareDataset('postgres');
const customer = `Bearer ${await tokenFor('customer')}`;
try {
  for (const nodes of [1, 2]) {
    const ports = Array.from({ length: nodes }, (_, i) => FIRST_PORT + i);
    // Each node has a data directory of its own, as on separate machines.
    const servers = await Promise.all(
      ports.map((port) => startServer({ ...env, SUPPORTDESK_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'sd-bench-node-')) }, port)),
    );
    try {
      console.log(
        `tickets.create_http_16c.postgres.${nodes}_node${nodes > 1 ? 's' : ''}: ${await createTickets({ ports, customer, connections: 16 })} tickets/s`,
      );
    } finally {
      for (const server of servers) server.kill('SIGTERM');
      await Promise.all(servers.map((server) => new Promise((r) => server.once('exit', r))));
    }
  }
} finally {
  await cleanup();
}
