import fs from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { openSecret, VaultCryptoError } from '../../src/modules/vault/vault.crypto.js';
import { createTestContext, type TestContext } from '../app.js';
import { filesContaining, findPgBinDir, pgDump, startPgCluster, type PgCluster } from '../pg-cluster.js';
import { call, SECRET_PASSWORD, submittedScene } from '../vault.js';

// Finding 3: destroyed vault secrets must be unrecoverable from any copy of the database taken
// after the destruction (table files, WAL, dumps), even with the master key. PostgreSQL keeps
// deleted rows in its files and WAL for a while, so the sealed row itself may well be in such a
// copy; what makes it noise is the erasure key, which never entered the WAL (a file, or on
// PostgreSQL a row of an unlogged table rewritten after its deletion) and is gone.
const bin = findPgBinDir();

// Needs the PostgreSQL server binaries (initdb, pg_ctl) to run a cluster of its own; CI has them.
describe.skipIf(!bin)('a destroyed secret in a file-level copy of a PostgreSQL cluster', () => {
  let cluster: PgCluster;
  let copy: PgCluster | undefined;
  let ctx: TestContext;

  beforeAll(async () => {
    cluster = await startPgCluster({ binDir: bin! });
    const handle = createDb({ databaseUrl: cluster.url, poolSize: 5 });
    await migrateToLatest({ db: handle.db });
    ctx = await createTestContext({ dialect: 'postgres', database: { ...handle, drop: () => handle.close() } });
  }, 120_000);
  afterAll(async () => {
    await ctx?.close();
    for (const c of [copy, cluster]) await c?.destroy();
  });

  it('cannot be decrypted from the copied table files and WAL, or a dump, even with the master key', async () => {
    const { agent, requestId, ticketId } = await submittedScene(ctx);
    const row = await ctx.deps.db.selectFrom('vault_secrets').selectAll().where('request_id', '=', requestId).executeTakeFirstOrThrow();
    const sealed = { keyId: row.key_id, wrappedKey: row.wrapped_key, ciphertext: row.ciphertext };
    const masterKey = (await ctx.deps.vault.keys.getKeyring()).keys[0]!;
    // What the test knows, and an attacker with a copy made after destruction would not: the erasure key.
    const erasureKey = (await ctx.deps.vault.erasure.read({ requestId, keyId: row.erasure_key_id! }))!;
    expect(JSON.parse(openSecret({ sealed, requestId, masterKey, erasureKey }).toString()).password).toBe(SECRET_PASSWORD);

    expect((await call(ctx, agent, 'PATCH', `/api/v1/tickets/${ticketId}`, { status: 'resolved' })).statusCode).toBe(200);
    await ctx.deps.vault.whenIdle();
    expect(await ctx.deps.db.selectFrom('vault_secrets').selectAll().execute()).toEqual([]);
    expect(await ctx.deps.vault.erasure.read({ requestId, keyId: row.erasure_key_id! })).toBeUndefined();
    expect(await ctx.deps.vault.erasure.list()).toEqual([]);

    // A backup taken now: every file of the running cluster, WAL included, and a dump.
    await sql`checkpoint`.execute(ctx.deps.db);
    const copiedFiles = cluster.copyFiles();
    const dump = pgDump(cluster.url);

    // The sealed row may survive in the copy (it does, in the WAL): the threat is real...
    const leftovers = filesContaining(copiedFiles, [Buffer.from(row.ciphertext.split('.')[3]!)]);
    expect(leftovers.length).toBeGreaterThan(0);
    // ...but the erasure key is in no file of the copy, the dump, or the data directory,
    const keyForms = [erasureKey, Buffer.from(erasureKey.toString('base64')), Buffer.from(erasureKey.toString('hex'))];
    expect(filesContaining(copiedFiles, keyForms)).toEqual([]);
    expect(keyForms.some((k) => dump.includes(k))).toBe(false);
    expect(filesContaining(ctx.deps.config.dataDir, keyForms)).toEqual([]);
    // so with the master key the recovered row opens to nothing.
    let failure: unknown;
    try {
      openSecret({ sealed, requestId, masterKey });
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(VaultCryptoError);
    expect((failure as VaultCryptoError).reason).toBe('erased');

    // The copy is a working cluster: started, it holds no trace of the secret either.
    copy = await startPgCluster({ binDir: bin!, fromCopy: copiedFiles });
    const copyDump = pgDump(copy.url);
    expect(copyDump.includes(Buffer.from('The shop is down'))).toBe(true);
    expect(copyDump.includes(Buffer.from(row.ciphertext.split('.')[3]!))).toBe(false);
    expect(keyForms.some((k) => copyDump.includes(k))).toBe(false);
    expect(fs.existsSync(copiedFiles)).toBe(true);
  });
});
