import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyReply } from 'fastify';

/** A comment line this often keeps proxies and load balancers from closing an idle stream. */
export const HEARTBEAT_MS = 25_000;
/** How long a browser's EventSource waits before reconnecting after the stream drops. */
export const RETRY_MS = 5000;
// A reader that stopped reading gets cut off rather than buffered forever; it reconnects and refetches.
const MAX_BUFFERED_BYTES = 256 * 1024;

export interface EventStream {
  /** Sends one frame, unless the stream has closed. */
  write(frame: string): void;
  /** Ends the stream from the server's side. */
  end(): void;
}

/** The live streams of one app, so closing the app ends them instead of waiting for browsers to leave. */
export function createStreamRegistry() {
  const open = new Set<EventStream>();
  return {
    add(stream: EventStream): () => void {
      open.add(stream);
      return () => open.delete(stream);
    },
    endAll(): void {
      for (const stream of [...open]) stream.end();
    },
  };
}

/**
 * Takes the reply over from Fastify and turns it into a `text/event-stream`: a retry hint, a heartbeat
 * comment every `heartbeatMs` (then `onHeartbeat`, e.g. to re-check the caller), `onClose` once when the
 * client leaves or the server ends it.
 */
export function startEventStream({
  reply,
  onHeartbeat,
  onClose,
  heartbeatMs = HEARTBEAT_MS,
}: {
  reply: FastifyReply;
  onHeartbeat?: () => void;
  onClose: () => void;
  heartbeatMs?: number;
}): EventStream {
  reply.hijack();
  const res = reply.raw;
  // Headers set by earlier hooks (helmet's, rate limit's) still apply to the hijacked response.
  const inherited: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) inherited[name] = value;
  res.writeHead(200, {
    ...inherited,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-accel-buffering': 'no',
  });
  res.flushHeaders();

  let isClosed = false;
  const write = (frame: string): void => {
    if (isClosed || res.writableEnded || res.destroyed) return;
    if (res.writableLength > MAX_BUFFERED_BYTES) {
      res.destroy();
      return;
    }
    res.write(frame);
  };
  const heartbeat = setInterval(() => {
    write(': heartbeat\n\n');
    onHeartbeat?.();
  }, heartbeatMs);
  res.on('error', () => undefined); // a reset connection surfaces as 'close' below
  res.on('close', () => {
    if (isClosed) return;
    isClosed = true;
    clearInterval(heartbeat);
    onClose();
  });

  write(`retry: ${RETRY_MS}\n: connected\n\n`);
  return {
    write,
    end: () => {
      if (!res.writableEnded) res.end();
    },
  };
}
