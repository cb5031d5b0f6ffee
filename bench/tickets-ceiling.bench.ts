// How fast could ticket creation be on this machine? Runs bench/ceiling-server.mjs (the same
// writes as POST /api/v1/tickets, hand-written, nothing else) on the generated helpdesk, with
// the search document and the notification job, without the search document, and without both;
// autocannon with 16 connections as for the real server. Run: `npx tsx bench/tickets-ceiling.bench.ts`.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { prepareDataset } from './tickets.bench.js';

const PORT = 39_410;

interface Result {
  name: string;
  value: number;
  unit: string;
}

async function startCeilingServer(file: string, parts: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['bench/ceiling-server.mjs', file, String(PORT), parts], { stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(`http://127.0.0.1:${PORT}/`);
      return child;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  child.kill();
  throw new Error('the ceiling server did not start');
}

export async function benchTicketsCeiling(): Promise<Result[]> {
  const { env, tokenFor, cleanup } = await prepareDataset('sqlite');
  const file = path.join(env.SUPPORTDESK_DATA_DIR!, 'supportdesk.sqlite');
  const authorization = `Bearer ${await tokenFor('customer')}`;
  const results: Result[] = [];
  try {
    for (const [label, parts] of [
      ['same_writes', 'search,job'],
      ['without_search_document', 'job'],
      ['without_search_document_and_job', ''],
    ] as const) {
      const server = await startCeilingServer(file, parts);
      try {
        const creation = {
          url: `http://127.0.0.1:${PORT}/api/v1/tickets`,
          connections: 16,
          method: 'POST' as const,
          headers: { authorization, 'content-type': 'application/json' },
          body: JSON.stringify({ kind: 'suggestion', subject: 'Bench ticket', body: 'Please add a dark theme to the admin panel.' }),
        };
        await autocannon({ ...creation, duration: 3 });
        const run = await autocannon({ ...creation, duration: 10 });
        if (run.non2xx > 0) throw new Error(`ceiling server: ${run.non2xx} non-2xx answers`);
        results.push({ name: `tickets.create_ceiling_16c.${label}.sqlite`, value: Math.round(run.requests.average), unit: 'tickets/s' });
      } finally {
        server.kill('SIGTERM');
        await new Promise((r) => server.once('exit', r));
      }
    }
    return results;
  } finally {
    await cleanup();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await benchTicketsCeiling()) console.log(`${r.name}: ${r.value} ${r.unit}`);
}
