import http from 'node:http';

/** One Server-Sent Events frame as a browser's EventSource would parse it (comments kept for tests). */
export interface SseFrame {
  id?: string;
  event?: string;
  data?: string;
  retry?: string;
  comments: string[];
}

export interface SseStream {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The next frame that carries an event, in order (comment-only and retry frames are skipped). */
  nextEvent(timeoutMs?: number): Promise<SseFrame & { event: string; data: string }>;
  /** The next frame of any kind (retry hint, heartbeat comment, event). */
  nextFrame(timeoutMs?: number): Promise<SseFrame>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  /** Disconnects like a closed browser tab. */
  close(): void;
}

function parseFrame(block: string): SseFrame {
  const frame: SseFrame = { comments: [] };
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) {
      frame.comments.push(line.slice(1).trim());
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') frame.data = frame.data === undefined ? value : `${frame.data}\n${value}`;
    else if (field === 'id' || field === 'event' || field === 'retry') frame[field] = value;
  }
  return frame;
}

/**
 * Opens an SSE stream and reads it frame by frame, like a browser's EventSource. Always `close()` it.
 * Plain node:http without connection reuse: fetch's pool opens a spare connection after an abort, and a
 * connection that never sends a request holds the server's close() until its headers timeout.
 */
export async function openSse(url: string, { headers = {} }: { headers?: Record<string, string> } = {}): Promise<SseStream> {
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const req = http.get(url, { agent: false, headers: { accept: 'text/event-stream', ...headers } }, resolve);
    req.on('error', reject);
  });
  res.setEncoding('utf8');
  const frames: SseFrame[] = [];
  const waiters: (() => void)[] = [];
  let isEnded = false;
  let buffer = '';
  const wake = () => waiters.splice(0).forEach((w) => w());
  res.on('data', (chunk: string) => {
    buffer += chunk.replace(/\r\n?/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      frames.push(parseFrame(buffer.slice(0, end)));
      buffer = buffer.slice(end + 2);
    }
    wake();
  });
  res.on('error', () => undefined); // a destroyed stream ends below
  const ended = new Promise<void>((resolve) => {
    res.on('close', () => {
      isEnded = true;
      wake();
      resolve();
    });
  });

  async function take(isWanted: (frame: SseFrame) => boolean, timeoutMs: number): Promise<SseFrame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = frames.findIndex(isWanted);
      if (index !== -1) return frames.splice(0, index + 1)[index]!;
      if (isEnded) throw new Error('the event stream ended');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no SSE frame within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  return {
    status: res.statusCode ?? 0,
    headers: res.headers,
    nextEvent: async (timeoutMs = 5000) => (await take((f) => f.event !== undefined, timeoutMs)) as SseFrame & { event: string; data: string },
    nextFrame: (timeoutMs = 5000) => take(() => true, timeoutMs),
    ended,
    close: () => res.destroy(),
  };
}
