import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_TEST_TIMEOUT_MS, runCli } from '../../test/cli.js';
import { createDb } from '../db/database.js';

// The CLI runs as a real process on SQLite here; the use cases it calls are covered on both
// databases by the API suites, and pointing a child process at a private PostgreSQL schema
// would only test the connection string.
describe('supportdesk CLI', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  let dataDir: string;
  let env: Record<string, string>;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-cli-'));
    env = { SUPPORTDESK_DATA_DIR: dataDir, DATABASE_URL: '' };
  });
  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('migrate creates the database and says so', async () => {
    const res = await runCli(['migrate'], { env });
    expect(res.code).toBe(0);
    expect(res.stderr).toContain('database is up to date (sqlite)');
    expect(fs.existsSync(path.join(dataDir, 'supportdesk.sqlite'))).toBe(true);
  });

  it('users create takes the password from stdin and prints nothing on stdout', async () => {
    const res = await runCli(['users', 'create', '--role', 'admin', '--email', 'Root@Example.test', '--name', 'Root', '--password-stdin'], {
      env,
      stdin: 'a long enough password\n',
    });
    expect(res.code).toBe(0);
    expect(res.stdout).toBe('');
    expect(res.stderr).toContain('created admin root@example.test');
  });

  it('users create without --password-stdin generates a password and prints it once', async () => {
    const res = await runCli(['users', 'create', '--role', 'agent', '--email', 'gen@example.test', '--name', 'Gen'], { env });
    expect(res.code).toBe(0);
    expect(res.stdout.trim()).toMatch(/^[\w-]{16,}$/);
  });

  it('users create refuses a bad role and a taken email with one line and a non-zero exit', async () => {
    const badRole = await runCli(['users', 'create', '--role', 'boss', '--email', 'x@example.test', '--name', 'X'], { env });
    expect(badRole.code).not.toBe(0);
    expect(badRole.stderr).toContain('--role must be one of admin, agent, customer');
    const taken = await runCli(['users', 'create', '--role', 'agent', '--email', 'root@example.test', '--name', 'X'], { env });
    expect(taken.code).toBe(1);
    expect(taken.stderr.trim()).toBe('error: An account with this email already exists.');
  });

  it('tokens create prints the token alone on stdout; --scope may repeat', async () => {
    const res = await runCli(['tokens', 'create', '--user', 'root@example.test', '--name', 'shop', '--scope', 'licenses:read', '--scope', 'licenses:write'], {
      env,
    });
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^sdt_[\w-]+\n$/);
    const handle = createDb({ sqlitePath: path.join(dataDir, 'supportdesk.sqlite') });
    const row = await handle.db.selectFrom('api_tokens').selectAll().where('name', '=', 'shop').executeTakeFirstOrThrow();
    await handle.close();
    expect(row.scopes).toBe('licenses:read licenses:write');
  });

  it('tokens create for an unknown user or scope fails clearly', async () => {
    const unknown = await runCli(['tokens', 'create', '--user', 'ghost@example.test'], { env });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no user with email ghost@example.test');
    const scope = await runCli(['tokens', 'create', '--user', 'root@example.test', '--scope', 'everything'], { env });
    expect(scope.code).toBe(1);
    expect(scope.stdout).toBe('');
  });

  it('bad configuration stops with one line naming the setting', async () => {
    const res = await runCli(['migrate'], { env: { ...env, PORT: 'eighty' } });
    expect(res.code).toBe(1);
    expect(res.stderr.trim()).toBe('error: Invalid setting PORT="eighty": must be a whole number from 0 to 65535');
  });

  it('demo loads people once and can run again', async () => {
    const first = await runCli(['demo'], { env });
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('admin@example.test');
    const again = await runCli(['demo'], { env });
    expect(again.code).toBe(0);
  });
});

describe('supportdesk licenses import', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('imports a file, reports refused rows on stderr with exit code 2, and prints a summary', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-cli-import-'));
    const file = path.join(dataDir, 'licenses.csv');
    fs.writeFileSync(
      file,
      'key,customerEmail,product,type,purchasedOn\nK-1,anna@example.test,DIAFAN.CMS,commercial,2026-03-01\nK-2,anna@example.test,DIAFAN.CMS,lifetime,2026-03-01\n',
    );
    const env = { SUPPORTDESK_DATA_DIR: dataDir, DATABASE_URL: '' };
    const dry = await runCli(['licenses', 'import', file, '--dry-run'], { env });
    expect(dry.stdout).toBe('dry run: 2 rows: 1 would be created, 0 would be updated, 0 unchanged, 1 refused\n');
    const res = await runCli(['licenses', 'import', file], { env });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('line 3: type: must be one of commercial, free, trial');
    expect(res.stdout).toBe('2 rows: 1 created, 0 updated, 0 unchanged, 1 refused\n');
    const missing = await runCli(['licenses', 'import', path.join(dataDir, 'nope.csv')], { env });
    expect(missing.code).toBe(1);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
