import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_TEST_TIMEOUT_MS } from '../../test/cli.js';
import { findFreePort } from '../../test/mail.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

// The first run as a new user sees it: `serve` at the default log level, without mail configured.
describe('supportdesk serve at the default log level', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  let child: ChildProcessWithoutNullStreams;
  let dataDir: string;
  let baseUrl: string;
  let stdout = '';
  let stderr = '';

  async function waitFor(pattern: RegExp, where: () => string): Promise<RegExpExecArray> {
    const deadline = Date.now() + 150_000;
    for (;;) {
      const match = pattern.exec(where());
      if (match) return match;
      if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}:\n${stderr}`);
      if (Date.now() > deadline) throw new Error(`waited in vain for ${pattern}; stderr:\n${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-serve-'));
    const port = await findFreePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const { LOG_LEVEL: _default, ...inherited } = process.env; // the default level is the point
    child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/main.ts'), 'serve'], {
      cwd: ROOT,
      env: {
        ...inherited,
        PORT: String(port),
        SUPPORTDESK_PUBLIC_URL: baseUrl,
        SUPPORTDESK_DATA_DIR: dataDir,
        DATABASE_URL: '',
        SUPPORTDESK_SMTP_HOST: '',
      },
    });
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await waitFor(/Supportdesk is running/, () => stderr);
  }, CLI_TEST_TIMEOUT_MS);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints a link that would be mailed on a line of its own, beside the start-up lines', async () => {
    const res = await fetch(`${baseUrl}/api/v1/auth/sign-up`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'new@example.test', password: 'a long enough password', name: 'New Person' }),
    });
    expect(res.status).toBe(202);
    const [line] = await waitFor(/^ {2}http:\/\/127\.0\.0\.1:\d+\/verify-email\?token=[\w-]+$/m, () => stderr);
    expect(line.startsWith(`  ${baseUrl}/verify-email?token=`)).toBe(true);
    expect(stderr).toContain('Mail is not configured, so the verify_email mail to new@example.test was not sent. Its link:');
  });

  it('writes no line per request at the default level', async () => {
    for (let i = 0; i < 5; i++) expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
    await fetch(`${baseUrl}/api/v1/me`);
    // Give the logger a moment to flush anything it would write.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(stdout).not.toMatch(/incoming request|request completed/);
  });
});
