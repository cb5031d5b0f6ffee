import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';
import { call, reveal, secretBody, SECRET_PASSWORD, submittedScene } from '../../../test/vault.js';

describe.each(TEST_DIALECTS)('vault erasure keys on %s', (dialect) => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext({ dialect });
  });
  afterEach(async () => {
    await ctx.close();
  });

  const secretRow = (requestId: string) => ctx.deps.db.selectFrom('vault_secrets').selectAll().where('request_id', '=', requestId).executeTakeFirstOrThrow();
  const keyFiles = () => ctx.deps.vault.erasure.list().map((k) => k.keyId);

  it('each secret has an erasure key file of its own, mode 0600, in a 0700 directory, outside the database', async () => {
    const { agent, requestId } = await submittedScene(ctx);
    const row = await secretRow(requestId);
    expect(keyFiles()).toEqual([row.erasure_key_id]);
    const file = path.join(ctx.deps.vault.erasure.dir, `${requestId}.${row.erasure_key_id}.key`);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(ctx.deps.vault.erasure.dir).mode & 0o777).toBe(0o700);
    expect((await reveal(ctx, agent, requestId)).json().secret.password).toBe(SECRET_PASSWORD);
  });

  it('corrected credentials destroy the erasure key of the ones they replace', async () => {
    const { customer, requestId } = await submittedScene(ctx);
    const first = (await secretRow(requestId)).erasure_key_id;
    const again = await call(ctx, customer, 'POST', `/api/v1/access-requests/${requestId}/secret`, secretBody({ password: 'Corrected-Password-1' }));
    expect(again.statusCode).toBe(200);
    const second = (await secretRow(requestId)).erasure_key_id;
    expect(second).not.toBe(first);
    expect(keyFiles()).toEqual([second]);
  });

  it('withdrawing the credentials destroys their erasure key at once', async () => {
    const { customer, requestId } = await submittedScene(ctx);
    expect((await call(ctx, customer, 'POST', `/api/v1/access-requests/${requestId}/withdraw`)).statusCode).toBe(200);
    expect(keyFiles()).toEqual([]);
  });

  it('a missing erasure key (a process without the shared data directory) refuses the reveal with its own code', async () => {
    const { agent, requestId } = await submittedScene(ctx);
    const row = await secretRow(requestId);
    fs.rmSync(path.join(ctx.deps.vault.erasure.dir, `${requestId}.${row.erasure_key_id}.key`));
    const res = await reveal(ctx, agent, requestId);
    expect(res.statusCode).toBe(503);
    expect(res.json().code).toBe('vault.erasure_key_missing');
  });

  it('the sweep removes old erasure keys no secret uses (a crash before the commit or after the deletion), and leaves young ones alone', async () => {
    const { requestId } = await submittedScene(ctx);
    const used = (await secretRow(requestId)).erasure_key_id!;
    const orphanOld = ctx.deps.vault.erasure.create({ requestId });
    const orphanYoung = ctx.deps.vault.erasure.create({ requestId });
    const hourAgo = new Date(Date.now() - 3600_000);
    for (const keyId of [used, orphanOld.keyId]) fs.utimesSync(path.join(ctx.deps.vault.erasure.dir, `${requestId}.${keyId}.key`), hourAgo, hourAgo);
    await ctx.deps.vault.lifecycle.sweep();
    expect(keyFiles().sort()).toEqual([used, orphanYoung.keyId].sort());
  });
});
