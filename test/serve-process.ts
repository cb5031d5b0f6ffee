import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface ServeProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote, both streams. */
  output(): string;
  /** Set once the process has exited (a crash, or after stop()). */
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  isAlive(): boolean;
  /** SIGTERM, as a service manager stops it. */
  stop(): Promise<void>;
}

export async function findFreePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts the real `supportdesk serve` (from source, through tsx) and waits until /readyz answers 200. */
export async function startServeProcess({ env, readyTimeoutMs = 90_000 }: { env: Record<string, string>; readyTimeoutMs?: number }): Promise<ServeProcess> {
  const port = await findFreePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/main.ts'), 'serve'], {
    cwd: ROOT,
    // No rate limit and no load shedding (a loaded test machine would shed) unless a test sets them.
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      SUPPORTDESK_RATE_LIMIT: '0',
      SUPPORTDESK_MAX_IN_FLIGHT: '0',
      SUPPORTDESK_MAX_LOOP_DELAY_MS: '0',
      HOST: '127.0.0.1',
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  let isAlive = true;
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      isAlive = false;
      resolve({ code, signal });
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (!isAlive) throw new Error(`serve exited before it was ready:\n${output}`);
    try {
      if ((await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) })).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`serve was not ready within ${readyTimeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    child,
    output: () => output,
    exit,
    isAlive: () => isAlive,
    stop: async () => {
      if (!isAlive) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exit;
      clearTimeout(timer);
    },
  };
}
