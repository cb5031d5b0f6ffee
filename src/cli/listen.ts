import type { AppInstance } from '../http/types.js';
import { CliError } from './io.js';

const REASONS: Record<string, (where: string, host: string) => string> = {
  EADDRINUSE: (where) => `${where} is already in use (stop the other server or set PORT)`,
  EADDRNOTAVAIL: (_where, host) => `${host} is not an address of this machine (set HOST)`,
  ENOTFOUND: (_where, host) => `${host} is not a known host name (set HOST)`,
  EAI_AGAIN: (_where, host) => `${host} could not be resolved (set HOST)`,
  EACCES: (where) => `permission denied to listen on ${where} (ports below 1024 need privileges; set PORT)`,
};

/**
 * Listens, or fails with one line saying why: the port is taken, HOST is not an address here.
 * The caller then stops everything it opened and exits non-zero.
 */
export async function listenOrExplain(app: AppInstance, { host, port }: { host: string; port: number }): Promise<void> {
  try {
    await app.listen({ host, port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const where = `${host}:${port}`;
    const reason = REASONS[code]?.(where, host) ?? `${(error as Error).message}`;
    throw new CliError(`cannot listen on ${where}: ${reason}`);
  }
}
