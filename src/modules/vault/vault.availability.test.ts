import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signInAs, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';
import { generateMasterKey } from './vault.crypto.js';
import { formatKey } from './vault.keys.js';
import { call, otherProcess, reveal, SECRET_PASSWORD, secretBody, submittedScene } from '../../../test/vault.js';

function flipFirstByte(box: string): string {
  const parts = box.split('.');
  const body = Buffer.from(parts[3]!, 'base64');
  body[0] = body[0]! ^ 0x01;
  parts[3] = body.toString('base64');
  return parts.join('.');
}

// A wrong or missing master key must disable the vault, loudly, and nothing else.
describe.each(TEST_DIALECTS)('a vault without its key, or with damaged data, on %s', (dialect) => {
  let ctx: TestContext;
  const dirs: string[] = [];
  beforeAll(async () => {
    ctx = await createTestContext({ dialect });
  });
  afterAll(async () => {
    await ctx?.close();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('with another key the vault answers 503 vault.key_mismatch while tickets keep working', async () => {
    const scene = await submittedScene(ctx);
    const wrong = await otherProcess(ctx, { vaultKey: formatKey(generateMasterKey()) });
    try {
      const revealed = await reveal(wrong, scene.agent, scene.requestId);
      expect([revealed.statusCode, revealed.json().code]).toEqual([503, 'vault.key_mismatch']);
      expect(revealed.body).not.toContain(SECRET_PASSWORD);
      const requested = await call(wrong, scene.agent, 'POST', `/api/v1/tickets/${scene.ticketId}/access-requests`, { kind: 'ssh', reason: 'Logs, please.' });
      expect([requested.statusCode, requested.json().code]).toEqual([503, 'vault.key_mismatch']);
      const submitted = await call(wrong, scene.customer, 'POST', `/api/v1/access-requests/${scene.requestId}/secret`, secretBody());
      expect([submitted.statusCode, submitted.json().code]).toEqual([503, 'vault.key_mismatch']);
      const listed = await call(wrong, scene.customer, 'GET', `/api/v1/tickets/${scene.ticketId}/access-requests`);
      expect(listed.json()).toMatchObject({ vaultAvailable: false, items: [expect.objectContaining({ status: 'submitted' })] });

      expect((await call(wrong, scene.customer, 'GET', `/api/v1/tickets/${scene.ticketId}`)).statusCode).toBe(200);
      expect((await call(wrong, scene.agent, 'POST', `/api/v1/tickets/${scene.ticketId}/messages`, { body: 'Still on it.' })).statusCode).toBe(201);

      const admin = await signInAs(ctx, { role: 'admin' });
      const status = (await call(wrong, admin, 'GET', '/api/v1/vault/status')).json();
      expect(status).toMatchObject({ available: false, code: 'vault.key_mismatch', problem: expect.stringContaining('SUPPORTDESK_VAULT_KEY') });
      expect(ctx.logs.join('')).toContain('vault unavailable');
      // The process with the right key never noticed.
      expect((await reveal(ctx, scene.agent, scene.requestId)).statusCode).toBe(200);
    } finally {
      await wrong.close();
    }
  });

  it('a missing key file is not silently replaced: 503 vault.unavailable, and no new key appears', async () => {
    const scene = await submittedScene(ctx);
    const emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-nokey-'));
    dirs.push(emptyDir);
    const keyless = await otherProcess(ctx, { vaultKey: '', dataDir: emptyDir });
    const garbled = await otherProcess(ctx, { vaultKey: 'not-a-key' });
    try {
      for (const app of [keyless, garbled]) {
        const revealed = await reveal(app, scene.agent, scene.requestId);
        expect([revealed.statusCode, revealed.json().code]).toEqual([503, 'vault.unavailable']);
        expect((await call(app, scene.customer, 'GET', `/api/v1/tickets/${scene.ticketId}/access-requests`)).json().vaultAvailable).toBe(false);
        expect((await call(app, scene.customer, 'GET', `/api/v1/tickets/${scene.ticketId}`)).statusCode).toBe(200);
      }
      expect(fs.readdirSync(emptyDir)).not.toContain('vault.key');
      // The customer can still take the access back: destroying needs no key.
      const withdrawn = await call(keyless, scene.customer, 'POST', `/api/v1/access-requests/${scene.requestId}/withdraw`);
      expect(withdrawn.json()).toMatchObject({ status: 'withdrawn', hasSecret: false });
    } finally {
      await keyless.close();
      await garbled.close();
    }
  });

  it('a changed ciphertext is detected and nothing is revealed', async () => {
    const scene = await submittedScene(ctx);
    const row = await ctx.deps.db.selectFrom('vault_secrets').selectAll().where('request_id', '=', scene.requestId).executeTakeFirstOrThrow();
    await ctx.deps.db
      .updateTable('vault_secrets')
      .set({ ciphertext: flipFirstByte(row.ciphertext) })
      .where('request_id', '=', scene.requestId)
      .execute();
    const revealed = await reveal(ctx, scene.agent, scene.requestId);
    expect([revealed.statusCode, revealed.json().code]).toEqual([500, 'vault.integrity_failed']);
    const log = (await call(ctx, scene.customer, 'GET', `/api/v1/tickets/${scene.ticketId}/access-requests`)).json().items[0].reveals;
    expect(log).toEqual([]);
  });

  it("another request's sealed row copied over this one does not open (rows cannot be swapped)", async () => {
    const victim = await submittedScene(ctx);
    const attacker = await submittedScene(ctx, { password: 'the attacker chose this' });
    const row = await ctx.deps.db.selectFrom('vault_secrets').selectAll().where('request_id', '=', attacker.requestId).executeTakeFirstOrThrow();
    await ctx.deps.db
      .updateTable('vault_secrets')
      .set({ key_id: row.key_id, wrapped_key: row.wrapped_key, ciphertext: row.ciphertext })
      .where('request_id', '=', victim.requestId)
      .execute();
    const revealed = await reveal(ctx, victim.agent, victim.requestId);
    expect([revealed.statusCode, revealed.json().code]).toEqual([500, 'vault.integrity_failed']);
    expect(revealed.body).not.toContain('the attacker chose this');
  });
});
