import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli.js';
import { customerWith, openTicket } from '../../test/tickets.js';
import { loadConfig } from '../config/config.js';
import { openRuntime } from '../runtime.js';
import { StartupError } from '../shared/errors.js';
import { createLogger } from '../shared/logger.js';
import { createTestContext as createContext } from '../../test/app.js';
import { startBackgroundCheck } from './sqlite-background-check.js';
import { DATA_DIR_MARKER, verifySqliteFile } from './sqlite-verify.js';

// SQLite only: these are checks of the SQLite file in the data directory.
describe('the SQLite file is checked at start', () => {
  let root: string;
  let original: string;

  /** A data directory holding a copy of the real database (and its marker unless told otherwise). */
  function copyOfDatabase(name: string, { withMarker = true }: { withMarker?: boolean } = {}): { dataDir: string; file: string } {
    const dataDir = path.join(root, name);
    fs.mkdirSync(dataDir);
    const file = path.join(dataDir, 'supportdesk.sqlite');
    fs.copyFileSync(original, file);
    if (withMarker) fs.writeFileSync(path.join(dataDir, DATA_DIR_MARKER), '{}\n');
    return { dataDir, file };
  }

  async function start(dataDir: string, env: Record<string, string> = {}) {
    const runtime = await openRuntime({ config: loadConfig({ SUPPORTDESK_DATA_DIR: dataDir, ...env }), logger: createLogger({ level: 'silent' }) });
    const [row] =
      (await runtime.deps.db
        .selectFrom('tickets')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .execute()) ?? [];
    await runtime.close();
    return Number(row?.n);
  }

  /** The pages that hold the rows of `table` (leaves of its b-tree), from SQLite's own page map. */
  function leafPagesOf(file: string, table: string): number[] {
    const db = new SQLite(file, { readonly: true });
    try {
      return (db.prepare("select pageno from dbstat where name = ? and pagetype = 'leaf' order by pageno").all(table) as { pageno: number }[]).map(
        (r) => r.pageno,
      );
    } finally {
      db.close();
    }
  }

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-verify-'));
    const seedDir = path.join(root, 'seed');
    fs.mkdirSync(seedDir);
    original = path.join(seedDir, 'supportdesk.sqlite');
    // A real database with enough tickets to span many pages, made through the API.
    const ctx = await createContext({ dialect: 'sqlite', sqlitePath: original, config: { dataDir: seedDir } });
    const customer = await customerWith(ctx, 'fresh');
    for (let i = 0; i < 150; i++)
      expect((await openTicket(ctx, customer, { body: `Question ${i}: ${'the catalog page shows an error. '.repeat(8)}` })).statusCode).toBe(201);
    await ctx.app.close();
    await ctx.db.close(); // checkpoints the WAL into the file
  }, 120_000);
  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('an intact database starts, and one from before the marker gets it', async () => {
    const { dataDir } = copyOfDatabase('intact', { withMarker: false });
    expect(await start(dataDir)).toBe(150);
    expect(fs.existsSync(path.join(dataDir, DATA_DIR_MARKER))).toBe(true);
  });

  it('a new data directory is a fresh install, and is marked once migrated', async () => {
    const dataDir = path.join(root, 'fresh');
    expect(await start(dataDir)).toBe(0);
    expect(fs.existsSync(path.join(dataDir, DATA_DIR_MARKER))).toBe(true);
  });

  it('damaged pages of the tickets table stop start-up with a clear message', async () => {
    const { dataDir, file } = copyOfDatabase('damaged');
    const pageSize = 4096;
    const pages = leafPagesOf(file, 'tickets');
    expect(pages.length).toBeGreaterThan(3);
    const fd = fs.openSync(file, 'r+');
    // Scribble over the cell area of a leaf page in the middle of the table, as a bad sector would.
    const page = pages[Math.floor(pages.length / 2)]!;
    fs.writeSync(fd, Buffer.alloc(1200, 0xa5), 0, 1200, (page - 1) * pageSize + 8);
    fs.closeSync(fd);
    await expect(start(dataDir)).rejects.toThrow(StartupError);
    await expect(start(dataDir)).rejects.toThrow(/^The database .*supportdesk\.sqlite is damaged \(quick_check: .+\)\. Restore it from a backup/);
  });

  it('a file that is not a database at all (a damaged header) is refused', async () => {
    const { dataDir, file } = copyOfDatabase('header');
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(100, 0x00), 0, 100, 0);
    fs.closeSync(fd);
    await expect(start(dataDir)).rejects.toThrow(/is not a SQLite database/);
  });

  it.each([
    ['zero-length', (file: string) => fs.truncateSync(file, 0), /is empty \(0 bytes\), but .* has held a Supportdesk database \(it has supportdesk\.datadir\)/],
    ['missing', (file: string) => fs.rmSync(file), /is missing, but .* has held a Supportdesk database/],
  ])('a %s database file in a data directory that held one is refused, not made a fresh install', async (name, damage, message) => {
    const { dataDir, file } = copyOfDatabase(name);
    damage(file);
    await expect(start(dataDir)).rejects.toThrow(message);
    // Nothing was created in its place.
    expect(fs.existsSync(file) ? fs.statSync(file).size : 0).toBe(0);
  });

  it('an emptied database in a directory from before the marker is refused too, by the vault key beside it', async () => {
    const { dataDir, file } = copyOfDatabase('old-install', { withMarker: false });
    fs.writeFileSync(path.join(dataDir, 'vault.key'), 'x', { mode: 0o600 });
    fs.truncateSync(file, 0);
    await expect(start(dataDir)).rejects.toThrow(/has held a Supportdesk database \(it has vault\.key\)/);
  });

  it('serve on a damaged database exits non-zero with one line before listening', async () => {
    const { dataDir, file } = copyOfDatabase('serve');
    const pages = leafPagesOf(file, 'tickets');
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(1200, 0x5a), 0, 1200, (pages[1]! - 1) * 4096 + 8);
    fs.closeSync(fd);
    const res = await runCli(['serve'], { env: { SUPPORTDESK_DATA_DIR: dataDir, DATABASE_URL: '', PORT: '0' } });
    expect(res.code).toBe(1);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(/^error: The database .* is damaged/);
  }, 60_000);

  /** Scribbles over a leaf page in the middle of the tickets table. */
  function damage(file: string): void {
    const pages = leafPagesOf(file, 'tickets');
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(1200, 0xa5), 0, 1200, (pages[Math.floor(pages.length / 2)]! - 1) * 4096 + 8);
    fs.closeSync(fd);
  }

  it('a file too large to check before start is checked on a thread, which finds the damage', async () => {
    const { dataDir, file } = copyOfDatabase('large');
    damage(file);
    const verification = verifySqliteFile({ file, dataDir, check: 'quick', maxBytesBeforeStart: 1024 });
    expect(verification).toMatchObject({ isCheckDeferred: true, isFreshInstall: false });
    let reported: string[] = [];
    const check = startBackgroundCheck({ file, check: 'quick', onDone: (problems) => (reported = problems) });
    await check.done;
    expect(reported.length).toBeGreaterThan(0);
    expect(check.problem()).toBeTruthy();
    const intact = copyOfDatabase('large-intact');
    const clean = startBackgroundCheck({ file: intact.file, check: 'quick', onDone: () => undefined });
    await clean.done;
    expect(clean.problem()).toBeUndefined();
  });

  it('once a check after start has found damage, the app refuses requests with 503 database_damaged and /readyz says so', async () => {
    const ctx = await createContext({ dialect: 'sqlite' });
    let problem: string | undefined;
    const { buildApp } = await import('../http/app.js');
    const app = await buildApp({ ...ctx.deps, databaseProblem: () => problem });
    try {
      expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
      problem = 'Tree 12 page 40: btreeInitPage() returns error code 11';
      const api = await app.inject({ method: 'GET', url: '/api/v1/tickets' });
      expect(api.statusCode).toBe(503);
      expect(api.json()).toMatchObject({ code: 'server.database_damaged' });
      expect(api.headers['retry-after']).toBeDefined();
      expect((await app.inject({ method: 'GET', url: '/readyz' })).json()).toMatchObject({ code: 'server.database_damaged' });
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await app.close();
      await ctx.close();
    }
  });
});
