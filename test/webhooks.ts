import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface ReceivedDelivery {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  id: string;
  type: string;
  ticketId: string | null;
}

/**
 * A real HTTP receiver on loopback. It records every request, answers `respond(request)` (200 by
 * default), and keeps the events it accepted deduplicated by id, as a careful receiver does.
 * `stop()` makes it unreachable and `start()` brings it back on the same port.
 */
export async function startReceiver({ port: fixedPort }: { port?: number } = {}) {
  const received: ReceivedDelivery[] = [];
  const accepted = new Map<string, ReceivedDelivery>();
  const state: { respond: (d: ReceivedDelivery) => { status: number; headers?: Record<string, string>; delayMs?: number }; server?: http.Server } = {
    respond: () => ({ status: 200 }),
  };
  let port = fixedPort ?? 0;

  async function start(): Promise<void> {
    if (state.server) return;
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let parsed: { id?: string; type?: string; data?: { ticket?: { id?: string } } } = {};
        try {
          parsed = JSON.parse(body);
        } catch {
          // recorded as it came
        }
        const delivery: ReceivedDelivery = {
          path: req.url ?? '/',
          headers: req.headers,
          body,
          id: parsed.id ?? '',
          type: parsed.type ?? '',
          ticketId: parsed.data?.ticket?.id ?? null,
        };
        received.push(delivery);
        const answer = state.respond(delivery);
        const send = () => {
          if (answer.status >= 200 && answer.status < 300 && !accepted.has(delivery.id)) accepted.set(delivery.id, delivery);
          res.writeHead(answer.status, answer.headers ?? {}).end('ok');
        };
        if (answer.delayMs) setTimeout(send, answer.delayMs);
        else send();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    port = (server.address() as AddressInfo).port;
    state.server = server;
  }

  async function stop(): Promise<void> {
    const server = state.server;
    state.server = undefined;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  await start();
  return {
    get port() {
      return port;
    },
    get url() {
      return `http://127.0.0.1:${port}/hooks`;
    },
    received,
    /** The events acknowledged, each once, in the order first acknowledged. */
    accepted: () => [...accepted.values()],
    respond(fn: typeof state.respond) {
      state.respond = fn;
    },
    start,
    stop,
  };
}
export type TestReceiver = Awaited<ReturnType<typeof startReceiver>>;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The verification snippet of docs/WEBHOOKS.md, loaded as a module exactly as written there. */
export async function loadDocumentedVerifier(): Promise<
  (rawBody: string, header: string | undefined, secret: string, options?: { toleranceSeconds?: number; now?: number }) => boolean
> {
  const doc = fs.readFileSync(path.join(ROOT, 'docs/WEBHOOKS.md'), 'utf8');
  const match = /<!-- verify-snippet[^>]*-->\s*```js\n([\s\S]*?)```/.exec(doc);
  if (!match) throw new Error('docs/WEBHOOKS.md has no verify-snippet block');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'supportdesk-snippet-')), 'verify.mjs');
  fs.writeFileSync(file, match[1]!);
  const module = (await import(pathToFileURL(file).href)) as { verifySupportdeskSignature: Awaited<ReturnType<typeof loadDocumentedVerifier>> };
  return module.verifySupportdeskSignature;
}
