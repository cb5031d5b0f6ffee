import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_TEST_TIMEOUT_MS, runCli } from '../../test/cli.js';
import { createDb } from '../db/database.js';

// A real process on SQLite (see cli.test.ts); the use cases are covered on both databases by
// accounts.admin.routes.test.ts.
describe('supportdesk users disable|enable|role and tokens list|revoke', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  let dataDir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-cli-people-'));
    env = { SUPPORTDESK_DATA_DIR: dataDir, DATABASE_URL: '' };
    for (const [role, email] of [
      ['admin', 'root@example.test'],
      ['agent', 'leaver@example.test'],
    ])
      expect((await runCli(['users', 'create', '--role', role!, '--email', email!, '--name', email!], { env })).code).toBe(0);
  });
  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('disables and enables a person, changes a role, and keeps the last admin', async () => {
    const token = await runCli(['tokens', 'create', '--user', 'leaver@example.test', '--name', 'nightly'], { env });
    expect(token.code).toBe(0);
    const disabled = await runCli(['users', 'disable', '--email', 'Leaver@example.test'], { env });
    expect([disabled.code, disabled.stderr]).toEqual([0, expect.stringContaining('disabled agent leaver@example.test; 0 open ticket(s) unassigned')]);
    const handle = createDb({ sqlitePath: path.join(dataDir, 'supportdesk.sqlite') });
    const db = handle.db;
    try {
      const user = await db.selectFrom('users').selectAll().where('email', '=', 'leaver@example.test').executeTakeFirstOrThrow();
      expect(user.disabled_at).not.toBeNull();
      const tokens = await db.selectFrom('api_tokens').selectAll().where('user_id', '=', user.id).execute();
      expect(tokens.every((t) => t.revoked_at !== null)).toBe(true);
      const audit = await db.selectFrom('audit_log').select(['action', 'actor_id']).orderBy('at').orderBy('id').execute();
      expect(audit.map((a) => a.action)).toEqual(['token.created', 'user.deactivated']);
      expect(audit.every((a) => a.actor_id === null)).toBe(true);
    } finally {
      await handle.close();
    }
    expect((await runCli(['users', 'enable', '--email', 'leaver@example.test'], { env })).code).toBe(0);
    const role = await runCli(['users', 'role', '--email', 'leaver@example.test', '--role', 'admin'], { env });
    expect([role.code, role.stderr.trim()]).toEqual([0, 'leaver@example.test is now admin']);
    expect((await runCli(['users', 'role', '--email', 'root@example.test', '--role', 'agent'], { env })).code).toBe(0);
    const last = await runCli(['users', 'role', '--email', 'leaver@example.test', '--role', 'agent'], { env });
    expect([last.code, last.stderr]).toEqual([1, expect.stringContaining('last active admin')]);
    const self = await runCli(['users', 'disable', '--email', 'leaver@example.test'], { env });
    expect(self.code).toBe(1);
    const bad = await runCli(['users', 'role', '--email', 'nobody@example.test', '--role', 'agent'], { env });
    expect([bad.code, bad.stderr]).toEqual([1, expect.stringContaining('no user with email nobody@example.test')]);
  });

  it('lists tokens with their state and revokes one by id', async () => {
    const created = await runCli(['tokens', 'create', '--user', 'root@example.test', '--name', 'shop', '--scope', 'licenses:write'], { env });
    expect(created.code).toBe(0);
    const list = await runCli(['tokens', 'list', '--user', 'root@example.test'], { env });
    const [line] = list.stdout.trim().split('\n');
    const [id, owner, name, scopes, lastUsed, state] = line!.split('\t');
    expect({ owner, name, scopes, lastUsed, state }).toEqual({
      owner: 'root@example.test',
      name: 'shop',
      scopes: 'licenses:write',
      lastUsed: 'never',
      state: 'active',
    });
    expect((await runCli(['tokens', 'revoke', id!], { env })).code).toBe(0);
    expect((await runCli(['tokens', 'list', '--user', 'root@example.test'], { env })).stdout).toContain('\trevoked');
    const again = await runCli(['tokens', 'revoke', id!], { env });
    expect([again.code, again.stderr]).toEqual([1, expect.stringContaining('No such token')]);
  });
});
