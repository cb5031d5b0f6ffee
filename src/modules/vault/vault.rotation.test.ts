import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/app.js';
import { CLI_TEST_TIMEOUT_MS, runCli } from '../../../test/cli.js';
import { TEST_DIALECTS } from '../../../test/db.js';
import { generateMasterKey } from './vault.crypto.js';
import { formatKey, parseKeyList } from './vault.keys.js';
import { otherProcess, reveal, SECRET_PASSWORD, submittedScene } from '../../../test/vault.js';

const keyIdsInDb = async (ctx: TestContext) => [...new Set((await ctx.deps.db.selectFrom('vault_secrets').select('key_id').execute()).map((r) => r.key_id))];

describe.each(TEST_DIALECTS)('rotating the vault master key on %s', (dialect) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ dialect });
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('with the key file: secrets stay readable in the running app, and the old key no longer opens them', async () => {
    const first = await submittedScene(ctx);
    const second = await submittedScene(ctx);
    const file = path.join(ctx.deps.config.dataDir, 'vault.key');
    const [oldKey] = parseKeyList(fs.readFileSync(file, 'utf8'));

    const result = await ctx.deps.vault.rotateKey();
    expect(result).toMatchObject({ isRotated: true, source: 'file', unreadable: 0 });
    expect(result.rewrapped).toBeGreaterThanOrEqual(2);
    const keys = parseKeyList(fs.readFileSync(file, 'utf8'));
    expect(keys.map((k) => k.id)).toEqual([result.toKeyId]);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(await keyIdsInDb(ctx)).toEqual([result.toKeyId]);

    for (const scene of [first, second]) expect((await reveal(ctx, scene.agent, scene.requestId)).json().secret.password).toBe(SECRET_PASSWORD);
    const stale = await otherProcess(ctx, { vaultKey: formatKey(oldKey!) });
    try {
      const refused = await reveal(stale, first.agent, first.requestId);
      expect([refused.statusCode, refused.json().code]).toEqual([503, 'vault.key_mismatch']);
    } finally {
      await stale.close();
    }
    // New secrets are sealed under the new key.
    await submittedScene(ctx);
    expect(await keyIdsInDb(ctx)).toEqual([result.toKeyId]);
  });

  it('with SUPPORTDESK_VAULT_KEY=NEW,OLD every data key moves to NEW; then NEW alone opens them and OLD alone does not', async () => {
    const scene = await submittedScene(ctx);
    const oldKey = parseKeyList(fs.readFileSync(path.join(ctx.deps.config.dataDir, 'vault.key'), 'utf8'))[0]!;
    const newKey = generateMasterKey();
    const rolling = await otherProcess(ctx, { vaultKey: `${formatKey(newKey)},${formatKey(oldKey)}` });
    const fresh = await otherProcess(ctx, { vaultKey: formatKey(newKey) });
    const stale = await otherProcess(ctx, { vaultKey: formatKey(oldKey) });
    try {
      // While processes hold both keys, secrets open everywhere: no downtime.
      expect((await reveal(rolling, scene.agent, scene.requestId)).statusCode).toBe(200);
      const result = await rolling.deps.vault.rotateKey();
      expect(result).toMatchObject({ isRotated: true, source: 'env', toKeyId: newKey.id, unreadable: 0 });
      expect(await keyIdsInDb(ctx)).toEqual([newKey.id]);
      expect((await reveal(fresh, scene.agent, scene.requestId)).json().secret.password).toBe(SECRET_PASSWORD);
      expect((await reveal(stale, scene.agent, scene.requestId)).json().code).toBe('vault.key_mismatch');
      expect(await fresh.deps.vault.rotateKey()).toMatchObject({ isRotated: false });
    } finally {
      await Promise.all([rolling.close(), fresh.close(), stale.close()]);
    }
  });
});

// The command itself, as an operator runs it next to a live server. SQLite only: it shares the
// server's database file and data directory; the rotation logic is covered on both databases above.
describe('supportdesk vault rotate-key', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  let ctx: TestContext;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-cli-'));
    ctx = await createTestContext({ dialect: 'sqlite', sqlitePath: path.join(dir, 'supportdesk.sqlite'), config: { dataDir: dir } });
  });
  afterAll(async () => {
    await ctx?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('re-wraps every data key in another process while the server keeps revealing', async () => {
    const scene = await submittedScene(ctx);
    const before = parseKeyList(fs.readFileSync(path.join(dir, 'vault.key'), 'utf8'))[0]!;
    const rotated = await runCli(['vault', 'rotate-key'], { env: { SUPPORTDESK_DATA_DIR: dir, DATABASE_URL: '', SUPPORTDESK_VAULT_KEY: '' } });
    expect(rotated.stderr).toContain('data keys re-wrapped');
    expect(rotated.code).toBe(0);
    const newId = rotated.stdout.trim();
    expect(newId).toMatch(/^[0-9a-f]{16}$/);
    expect(newId).not.toBe(before.id);
    expect(await keyIdsInDb(ctx)).toEqual([newId]);
    // The running app had only the old key in memory; it picks the new one up from the file.
    expect((await reveal(ctx, scene.agent, scene.requestId)).json().secret.password).toBe(SECRET_PASSWORD);
    expect(rotated.stdout + rotated.stderr).not.toContain(SECRET_PASSWORD);
  });
});
