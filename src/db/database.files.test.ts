import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { openRuntime, type Runtime } from '../runtime.js';
import { createLogger } from '../shared/logger.js';

const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

describe('the data directory on disk', () => {
  let runtime: Runtime | undefined;
  let root: string | undefined;
  afterEach(async () => {
    await runtime?.close();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('is 0700 and the SQLite files are 0600, even with a permissive umask, and an older world-readable one is tightened', async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'data-modes-'));
    const dataDir = path.join(root, 'data');
    fs.mkdirSync(dataDir, { mode: 0o755 });
    fs.chmodSync(dataDir, 0o755);
    const previous = process.umask(0o022);
    try {
      runtime = await openRuntime({ config: { ...loadConfig({}), dataDir }, logger: createLogger({ level: 'silent' }) });
      // Writes make the WAL and shared-memory files exist.
      await runtime.deps.accounts.createUser({ email: 'a@example.test', name: 'A', role: 'admin' });
    } finally {
      process.umask(previous);
    }
    expect(modeOf(dataDir)).toBe(0o700);
    const sqlite = path.join(dataDir, 'supportdesk.sqlite');
    for (const file of [sqlite, `${sqlite}-wal`, `${sqlite}-shm`]) {
      expect(fs.existsSync(file), file).toBe(true);
      expect(modeOf(file), file).toBe(0o600);
    }
  });
});
