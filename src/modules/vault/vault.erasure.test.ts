import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';
import { call, otherProcess, reveal, secretBody, SECRET_PASSWORD, submittedScene } from '../../../test/vault.js';
import { formatKey } from './vault.keys.js';

describe.each(TEST_DIALECTS)('vault erasure keys on %s', (dialect) => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext({ dialect });
  });
  afterEach(async () => {
    await ctx.close();
  });

  const secretRow = (requestId: string) => ctx.deps.db.selectFrom('vault_secrets').selectAll().where('request_id', '=', requestId).executeTakeFirstOrThrow();
  const keyIds = async () => (await ctx.deps.vault.erasure.list()).map((k) => k.keyId);
  const keyFile = (requestId: string, keyId: string) => path.join(ctx.deps.vault.erasure.dir, `${requestId}.${keyId}.key`);

  it('each secret has an erasure key of its own outside what the WAL records: a 0600 file (SQLite) or an unlogged table (PostgreSQL)', async () => {
    const { agent, requestId } = await submittedScene(ctx);
    const row = await secretRow(requestId);
    expect(await keyIds()).toEqual([row.erasure_key_id]);
    if (dialect === 'sqlite') {
      expect(fs.statSync(keyFile(requestId, row.erasure_key_id!)).mode & 0o777).toBe(0o600);
      expect(fs.statSync(ctx.deps.vault.erasure.dir).mode & 0o777).toBe(0o700);
    } else {
      const { rows } = await sql<{ p: string }>`select relpersistence as p from pg_class where oid = 'vault_erasure_keys'::regclass`.execute(ctx.deps.db);
      expect(rows[0]!.p).toBe('u'); // unlogged: never written to the WAL
      expect(fs.existsSync(ctx.deps.vault.erasure.dir)).toBe(false); // nothing on this node's disk
    }
    expect((await reveal(ctx, agent, requestId)).json().secret.password).toBe(SECRET_PASSWORD);
  });

  it('corrected credentials destroy the erasure key of the ones they replace', async () => {
    const { customer, requestId } = await submittedScene(ctx);
    const first = (await secretRow(requestId)).erasure_key_id;
    const again = await call(ctx, customer, 'POST', `/api/v1/access-requests/${requestId}/secret`, secretBody({ password: 'Corrected-Password-1' }));
    expect(again.statusCode).toBe(200);
    const second = (await secretRow(requestId)).erasure_key_id;
    expect(second).not.toBe(first);
    expect(await keyIds()).toEqual([second]);
  });

  it('withdrawing the credentials destroys their erasure key at once', async () => {
    const { customer, requestId } = await submittedScene(ctx);
    expect((await call(ctx, customer, 'POST', `/api/v1/access-requests/${requestId}/withdraw`)).statusCode).toBe(200);
    expect(await keyIds()).toEqual([]);
  });

  it('a missing erasure key (lost with the data directory, or a PostgreSQL crash) refuses the reveal with its own code', async () => {
    const { agent, requestId } = await submittedScene(ctx);
    const row = await secretRow(requestId);
    if (dialect === 'sqlite') fs.rmSync(keyFile(requestId, row.erasure_key_id!));
    else await ctx.deps.db.deleteFrom('vault_erasure_keys').execute(); // what crash recovery does to an unlogged table
    const res = await reveal(ctx, agent, requestId);
    expect(res.statusCode).toBe(503);
    expect(res.json().code).toBe('vault.erasure_key_missing');
  });

  it('the sweep removes old erasure keys no secret uses (a crash before the commit or after the deletion), and leaves young ones alone', async () => {
    const { requestId } = await submittedScene(ctx);
    const used = (await secretRow(requestId)).erasure_key_id!;
    const orphanOld = await ctx.deps.vault.erasure.create({ requestId });
    const orphanYoung = await ctx.deps.vault.erasure.create({ requestId });
    const hourAgo = new Date(Date.now() - 3600_000);
    for (const keyId of [used, orphanOld.keyId]) {
      if (dialect === 'sqlite') fs.utimesSync(keyFile(requestId, keyId), hourAgo, hourAgo);
      else await ctx.deps.db.updateTable('vault_erasure_keys').set({ created_at: hourAgo.getTime() }).where('key_id', '=', keyId).execute();
    }
    await ctx.deps.vault.lifecycle.sweep();
    expect((await keyIds()).sort()).toEqual([used, orphanYoung.keyId].sort());
  });
});

describe.skipIf(!TEST_DIALECTS.includes('postgres'))('the vault on several PostgreSQL nodes', () => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext({ dialect: 'postgres' });
  });
  afterEach(async () => {
    await ctx.close();
  });

  it('a node with a data directory of its own reveals, and destroys, what another node sealed, given the same master key', async () => {
    const { agent, customer, requestId } = await submittedScene(ctx);
    const masterKey = formatKey((await ctx.deps.vault.keys.getKeyring()).keys[0]!);
    const ownDir = fs.mkdtempSync(path.join(os.tmpdir(), 'supportdesk-node2-'));
    const second = await otherProcess(ctx, { vaultKey: masterKey, dataDir: ownDir });
    try {
      const revealed = await reveal(second, agent, requestId);
      expect(revealed.statusCode).toBe(200);
      expect(revealed.json().secret.password).toBe(SECRET_PASSWORD);
      // Corrected on the second node, revealed on the first; withdrawn on the second, gone for both.
      const corrected = await call(second, customer, 'POST', `/api/v1/access-requests/${requestId}/secret`, secretBody({ password: 'Second-Node-Pass-7' }));
      expect(corrected.statusCode).toBe(200);
      expect((await reveal(ctx, agent, requestId)).json().secret.password).toBe('Second-Node-Pass-7');
      expect((await call(second, customer, 'POST', `/api/v1/access-requests/${requestId}/withdraw`)).statusCode).toBe(200);
      expect(await ctx.deps.vault.erasure.list()).toEqual([]);
      expect(fs.readdirSync(ownDir)).toEqual([]); // no key file on the second node: its key came from the environment
    } finally {
      await second.close();
      fs.rmSync(ownDir, { recursive: true, force: true });
    }
  });

  it('erasure keys kept as files by an earlier version still open their secrets, and are destroyed with them', async () => {
    const { customer, agent, requestId } = await submittedScene(ctx);
    // Move this secret's key back to a file, as an earlier version kept it.
    const row = await ctx.deps.db.selectFrom('vault_erasure_keys').selectAll().executeTakeFirstOrThrow();
    fs.mkdirSync(ctx.deps.vault.erasure.dir, { recursive: true, mode: 0o700 });
    const file = path.join(ctx.deps.vault.erasure.dir, `${row.request_id}.${row.key_id}.key`);
    fs.writeFileSync(file, row.key, { mode: 0o600 });
    await ctx.deps.db.deleteFrom('vault_erasure_keys').execute();
    expect((await reveal(ctx, agent, requestId)).json().secret.password).toBe(SECRET_PASSWORD);
    expect((await call(ctx, customer, 'POST', `/api/v1/access-requests/${requestId}/withdraw`)).statusCode).toBe(200);
    expect(fs.existsSync(file)).toBe(false);
  });
});
