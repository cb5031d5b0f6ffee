import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { findFreePort } from './serve-process.js';

const run = promisify(execFile);

// The one helper for private PostgreSQL clusters: restart tests (stop and start the database under
// the app), the multi-node test, and the security tests that copy a cluster's files (table files
// and WAL) the way a backup or a thief would.

/** The newest PostgreSQL server binaries installed here (Debian puts them under /usr/lib/postgresql/N/bin). */
export function findPgBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : undefined;
}

export interface PgCluster {
  /** postgres://postgres@127.0.0.1:PORT/postgres (trust authentication, local only). */
  url: string;
  port: number;
  /** The temporary directory holding everything (the data directory is `dataDir`). */
  dir: string;
  dataDir: string;
  isRunning(): boolean;
  start(): Promise<void>;
  /** `fast` ends sessions cleanly (a restart); `immediate` drops everything at once (a crash). */
  stop(options?: { mode?: 'fast' | 'immediate' }): Promise<void>;
  restart(options?: { mode?: 'fast' | 'immediate' }): Promise<void>;
  /** Stops the server and removes its directory. */
  destroy(): Promise<void>;
  /** A file-level copy of the running cluster (every file, WAL included), itself startable with `fromCopy`. */
  copyFiles(): string;
}

/**
 * A private PostgreSQL cluster (`initdb` + `pg_ctl` in a temporary directory, on a free port), so a
 * test can stop and restart the database under the app without disturbing anything else. initdb
 * refuses to run as root: as root the cluster belongs to the `postgres` OS user. Made for speed, not
 * durability (fsync off). `fromCopy` starts a copy made by `copyFiles()` instead of a new cluster
 * (it starts as after a crash).
 */
export async function startPgCluster({ binDir = findPgBinDir(), fromCopy }: { binDir?: string; fromCopy?: string } = {}): Promise<PgCluster> {
  if (!binDir) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (apt-get install postgresql)');
  const isRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-pgcluster-'));
  const dataDir = fromCopy ?? path.join(dir, 'data');
  const port = await findFreePort();
  if (isRoot) {
    // The temp directory and its parents must be reachable by postgres.
    fs.chmodSync(dir, 0o755);
    await run('chown', ['postgres:postgres', dir]);
    if (fromCopy) await run('chown', ['-R', 'postgres:postgres', path.dirname(fromCopy)]);
  }
  const pgRun = (bin: string, args: string[]) =>
    isRoot ? run('runuser', ['-u', 'postgres', '--', path.join(binDir, bin), ...args]) : run(path.join(binDir, bin), args);

  if (!fromCopy) await pgRun('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  // Later lines win: a copy gets its own port and socket directory.
  fs.appendFileSync(
    path.join(dataDir, 'postgresql.conf'),
    [
      `port = ${port}`,
      "listen_addresses = '127.0.0.1'",
      `unix_socket_directories = '${dir}'`,
      'fsync = off',
      'full_page_writes = off',
      'max_connections = 200',
      '',
    ].join('\n'),
  );
  let running = false;
  const cluster: PgCluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dir,
    dataDir,
    isRunning: () => running,
    async start() {
      await pgRun('pg_ctl', ['-D', dataDir, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start']);
      running = true;
    },
    async stop({ mode = 'fast' } = {}) {
      await pgRun('pg_ctl', ['-D', dataDir, '-m', mode, '-w', '-t', '60', 'stop']);
      running = false;
    },
    async restart(options) {
      await cluster.stop(options);
      await cluster.start();
    },
    async destroy() {
      if (running) await cluster.stop({ mode: 'immediate' }).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
      if (fromCopy) fs.rmSync(path.dirname(fromCopy), { recursive: true, force: true });
    },
    copyFiles() {
      const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-pgcopy-'));
      fs.chmodSync(parent, 0o755);
      const copy = path.join(parent, 'data');
      fs.cpSync(dataDir, copy, { recursive: true });
      fs.chmodSync(copy, 0o700);
      // A copy of a running cluster starts as after a crash; its pid file must not say "running".
      fs.rmSync(path.join(copy, 'postmaster.pid'), { force: true });
      return copy;
    },
  };
  try {
    await cluster.start();
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return cluster;
}

/** Every regular file under a directory, recursively. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/** The files under `dir` whose bytes contain any of `needles`. */
export function filesContaining(dir: string, needles: Buffer[]): string[] {
  return listFiles(dir).filter((file) => {
    const bytes = fs.readFileSync(file);
    return needles.some((needle) => bytes.includes(needle));
  });
}

/** pg_dump of a whole database, as bytes. */
export function pgDump(url: string, extraArgs: string[] = []): Buffer {
  const u = new URL(url);
  return execFileSync('pg_dump', ['-h', u.hostname, '-p', u.port || '5432', '-U', u.username || 'postgres', ...extraArgs, u.pathname.slice(1)], {
    maxBuffer: 256 * 1024 * 1024,
  });
}
