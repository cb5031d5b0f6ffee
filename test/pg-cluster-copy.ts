// A private PostgreSQL cluster in a temporary directory, started with initdb and pg_ctl, so a test
// can copy its files (table files and WAL) the way a backup or a thief would.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findFreePort } from './mail.js';

/** Where the server binaries are (Debian: /usr/lib/postgresql/<major>/bin), or undefined. */
export function findPgBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const majors = fs
    .readdirSync(root)
    .filter((d) => fs.existsSync(path.join(root, d, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return majors[0] ? path.join(root, majors[0], 'bin') : undefined;
}

const isRoot = process.getuid?.() === 0;

/** initdb and postgres refuse to run as root: then they run as the postgres OS user. */
function run(bin: string, tool: string, args: string[]): string {
  const command = path.join(bin, tool);
  return isRoot
    ? execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    : execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export interface PgCluster {
  dataDir: string;
  port: number;
  url: string;
  /** A file-level copy of the running cluster (every file, WAL included), itself startable. */
  copyFiles(): string;
  stop(): void;
  remove(): void;
}

function chownToPostgres(dir: string): void {
  if (isRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
}

/** Starts a cluster on a free port; its data directory (or a copy of one) under a fresh temp directory. */
export async function startPgCluster({ bin, fromCopy }: { bin: string; fromCopy?: string }): Promise<PgCluster> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-cluster-'));
  fs.chmodSync(root, 0o755);
  const dataDir = fromCopy ?? path.join(root, 'data');
  const socketDir = path.join(root, 'sock');
  fs.mkdirSync(socketDir);
  chownToPostgres(root);
  if (!fromCopy) run(bin, 'initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  else chownToPostgres(fromCopy);
  const port = await findFreePort();
  run(bin, 'pg_ctl', ['-D', dataDir, '-l', path.join(root, 'server.log'), '-w', '-o', `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1`, 'start']);
  let isRunning = true;
  return {
    dataDir,
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    copyFiles() {
      const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-copy-'));
      fs.chmodSync(parent, 0o755);
      const copy = path.join(parent, 'data');
      fs.cpSync(dataDir, copy, { recursive: true });
      fs.chmodSync(copy, 0o700);
      // A copy of a running cluster starts as after a crash; its pid file must not say "running".
      fs.rmSync(path.join(copy, 'postmaster.pid'), { force: true });
      return copy;
    },
    stop() {
      if (!isRunning) return;
      run(bin, 'pg_ctl', ['-D', dataDir, '-w', '-m', 'fast', 'stop']);
      isRunning = false;
    },
    remove() {
      fs.rmSync(root, { recursive: true, force: true });
      if (fromCopy) fs.rmSync(path.dirname(fromCopy), { recursive: true, force: true });
    },
  };
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
