import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../app.js';
import { TEST_DIALECTS, TEST_PG_URL } from '../db.js';
import { listFiles, pgDump } from '../pg-cluster.js';
import { call, reveal, SECRET_KEY_LINE, SECRET_NOTES, SECRET_PASSWORD, submittedScene } from '../vault.js';

// The byte scan: every file of the data directory (the SQLite database and its WAL, attachments,
// the vault's key files) and, on PostgreSQL, a pg_dump, searched for vault plaintext (live or
// destroyed) and for the sealed bytes and erasure keys of destroyed secrets.
describe.each(TEST_DIALECTS)('the byte scan of what is stored, on %s', (dialect) => {
  let ctx: TestContext;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'disk-scan-'));
    ctx = await createTestContext({ dialect, sqlitePath: dialect === 'sqlite' ? path.join(dataDir, 'supportdesk.sqlite') : undefined, config: { dataDir } });
  });
  afterAll(async () => {
    await ctx?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Every stored byte: the data directory's files, and a dump of the schema on PostgreSQL. */
  async function everything(): Promise<{ name: string; bytes: Buffer }[]> {
    if (dialect === 'sqlite') await sql`pragma wal_checkpoint(PASSIVE)`.execute(ctx.deps.db);
    const files: { name: string; bytes: Buffer }[] = listFiles(dataDir).map((file) => ({ name: path.relative(dataDir, file), bytes: fs.readFileSync(file) }));
    if (dialect === 'postgres') {
      const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(ctx.deps.db);
      files.push({ name: 'pg_dump', bytes: pgDump(TEST_PG_URL, ['-n', rows[0]!.schema]) });
    }
    return files;
  }

  const holding = (files: { name: string; bytes: Buffer }[], needle: Buffer) => files.filter((f) => f.bytes.includes(needle)).map((f) => f.name);

  it('no vault plaintext anywhere, and nothing of a destroyed secret but undecryptable leftovers', async () => {
    const live = await submittedScene(ctx);
    expect((await reveal(ctx, live.agent, live.requestId)).statusCode).toBe(200);
    const doomed = await submittedScene(ctx, { password: 'Destroyed-Yak-9034', notes: 'destroyed-notes-5521' });
    const row = await ctx.deps.db.selectFrom('vault_secrets').selectAll().where('request_id', '=', doomed.requestId).executeTakeFirstOrThrow();
    const erasureKey = (await ctx.deps.vault.erasure.read({ requestId: doomed.requestId, keyId: row.erasure_key_id! }))!;
    expect((await call(ctx, doomed.agent, 'PATCH', `/api/v1/tickets/${doomed.ticketId}`, { status: 'resolved' })).statusCode).toBe(200);
    await ctx.deps.vault.whenIdle();

    const files = await everything();
    // SQLite: the erasure keys are files in the data directory; PostgreSQL: rows of an unlogged table (in the dump while live).
    if (dialect === 'sqlite') expect(files.some((f) => f.name.startsWith('vault-erasure'))).toBe(true);
    // Ordinary text is found, so the scan does read the data.
    expect(holding(files, Buffer.from('The shop is down')).length).toBeGreaterThan(0);
    for (const plaintext of [SECRET_PASSWORD, SECRET_KEY_LINE, SECRET_NOTES, 'ftp.customer-site.example', 'Destroyed-Yak-9034', 'destroyed-notes-5521']) {
      expect(holding(files, Buffer.from(plaintext)), plaintext).toEqual([]);
    }
    for (const form of [erasureKey, Buffer.from(erasureKey.toString('base64')), Buffer.from(erasureKey.toString('hex'))]) {
      expect(holding(files, form)).toEqual([]);
    }
    // SQLite's secure_delete and checkpoint, and PostgreSQL's logical dump, leave no sealed bytes either.
    for (const piece of [row.ciphertext.split('.')[3]!.slice(0, 40), row.wrapped_key.split('.')[3]!.slice(0, 40)]) {
      expect(holding(files, Buffer.from(piece)), piece).toEqual([]);
    }
  });
});
