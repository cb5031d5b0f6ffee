import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS, TEST_PG_URL } from '../../../test/db.js';
import { call, reveal, SECRET_KEY_LINE, SECRET_NOTES, SECRET_PASSWORD, submittedScene } from '../../../test/vault.js';

// What reaches the disk: the raw bytes of the SQLite file and its WAL, or a pg_dump of the test
// schema, and everything the app logged (at trace level, the most it ever writes).
describe.each(TEST_DIALECTS)('what the vault leaves on disk and in logs on %s', (dialect) => {
  let ctx: TestContext;
  let dir: string;
  let sqlitePath: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-storage-'));
    sqlitePath = path.join(dir, 'supportdesk.sqlite');
    ctx = await createTestContext({ dialect, sqlitePath: dialect === 'sqlite' ? sqlitePath : undefined, config: { logLevel: 'trace' } });
  });
  afterAll(async () => {
    await ctx?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Everything the database holds, as bytes: the SQLite file and its WAL, or a dump of the schema. */
  async function storedBytes(): Promise<Buffer> {
    if (dialect === 'sqlite') {
      const files = [sqlitePath, `${sqlitePath}-wal`].filter((f) => fs.existsSync(f));
      expect(files).toContain(sqlitePath);
      return Buffer.concat(files.map((f) => fs.readFileSync(f)));
    }
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(ctx.deps.db);
    const url = new URL(TEST_PG_URL);
    return execFileSync(
      'pg_dump',
      ['-h', url.hostname, '-p', url.port || '5432', '-U', url.username || 'postgres', '-n', rows[0]!.schema, url.pathname.slice(1)],
      {
        maxBuffer: 64 * 1024 * 1024,
      },
    );
  }

  it('the plaintext of submitted credentials is absent from the database files and the logs, even after a reveal and a pasted password', async () => {
    const { customer, agent, requestId, ticketId } = await submittedScene(ctx);
    expect((await reveal(ctx, agent, requestId)).json().secret.password).toBe(SECRET_PASSWORD);
    await call(ctx, customer, 'POST', `/api/v1/tickets/${ticketId}/messages`, { body: `The key again: password: ${SECRET_PASSWORD}2` });
    const bytes = await storedBytes();
    // The search would find ordinary text: the ticket's subject is there.
    expect(bytes.includes(Buffer.from('The shop is down'))).toBe(true);
    for (const plaintext of [SECRET_PASSWORD, SECRET_KEY_LINE, SECRET_NOTES, 'ftp.customer-site.example']) {
      expect(bytes.includes(Buffer.from(plaintext)), plaintext).toBe(false);
      expect(ctx.logs.join(''), plaintext).not.toContain(plaintext);
    }
    expect(ctx.logs.length).toBeGreaterThan(10);
  });

  it('destroying credentials removes their ciphertext and wrapped data key from the database files, not just the rows', async () => {
    const { agent, requestId, ticketId } = await submittedScene(ctx);
    const row = await ctx.deps.db.selectFrom('vault_secrets').selectAll().where('request_id', '=', requestId).executeTakeFirstOrThrow();
    // A long piece of each sealed value, base64 as stored.
    const pieces = [row.ciphertext.split('.')[3]!.slice(0, 40), row.wrapped_key.split('.')[3]!.slice(0, 40)];
    const before = await storedBytes();
    for (const piece of pieces) expect(before.includes(Buffer.from(piece))).toBe(true);

    expect((await call(ctx, agent, 'PATCH', `/api/v1/tickets/${ticketId}`, { status: 'resolved' })).statusCode).toBe(200);
    await ctx.deps.vault.whenIdle();
    expect(await ctx.deps.db.selectFrom('vault_secrets').selectAll().where('request_id', '=', requestId).execute()).toEqual([]);
    const after = await storedBytes();
    for (const piece of pieces) expect(after.includes(Buffer.from(piece))).toBe(false);
  });
});
