import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli.js';

// `serve` as a real process: it must exit (not hang) when it cannot bind, and never have run jobs.
describe('supportdesk serve that cannot listen', () => {
  let dataDir: string;
  let blocker: net.Server;
  let takenPort: number;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-serve-'));
    blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    takenPort = (blocker.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const jobRows = () => {
    const db = new SQLite(path.join(dataDir, 'supportdesk.sqlite'), { readonly: true });
    try {
      return (db.prepare('select count(*) as n from jobs').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  it.each([
    [
      'a port already in use',
      { HOST: '127.0.0.1', PORT: () => String(takenPort) },
      /^error: cannot listen on 127\.0\.0\.1:\d+: 127\.0\.0\.1:\d+ is already in use/,
    ],
    [
      'a HOST that is not an address of this machine',
      { HOST: '192.0.2.1', PORT: () => '0' },
      /^error: cannot listen on 192\.0\.2\.1:0: 192\.0\.2\.1 is not an address/,
    ],
    [
      'a HOST that is no known name',
      { HOST: 'no-such-host.invalid', PORT: () => '0' },
      /^error: cannot listen on no-such-host\.invalid:0: no-such-host\.invalid is not a known host name/,
    ],
  ])(
    '%s exits non-zero with one line and runs no job',
    async (_name, { HOST, PORT }, line) => {
      const started = Date.now();
      const res = await runCli(['serve'], { env: { SUPPORTDESK_DATA_DIR: dataDir, DATABASE_URL: '', HOST, PORT: PORT(), LOG_LEVEL: 'warn' } });
      expect(res.code).toBe(1);
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(res.stderr.trim()).toMatch(line);
      // The job runner would have queued its scheduled jobs the moment it started.
      expect(jobRows()).toBe(0);
      expect(Date.now() - started).toBeLessThan(30_000);
    },
    60_000,
  );

  it.each([
    ['DATABASE_URL', 'mysql://app:Db-Secret-1@db.example.com/x'],
    ['SUPPORTDESK_IMAP_URL', 'imaps://support%40example.com:Imap-Secret-1@'],
  ])(
    'a bad %s stops start-up with one line that does not show its password',
    async (name, value) => {
      const res = await runCli(['serve'], { env: { SUPPORTDESK_DATA_DIR: dataDir, DATABASE_URL: '', [name]: value } });
      expect(res.code).toBe(1);
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(res.stderr).toMatch(new RegExp(`^error: Invalid setting ${name}=.*\\[redacted\\]`));
      expect(res.stderr + res.stdout).not.toContain('Secret-1');
    },
    60_000,
  );
});
