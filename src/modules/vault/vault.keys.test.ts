import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateMasterKey } from './vault.crypto.js';
import { formatKey, parseKeyList, parseKeyText, readKeyring, writeKeyFile } from './vault.keys.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-keys-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the vault master key policy', () => {
  it('a key is 32 bytes written as base64, URL-safe base64 or hex', () => {
    const key = generateMasterKey();
    expect(parseKeyText(key.key.toString('base64')).equals(key.key)).toBe(true);
    expect(parseKeyText(key.key.toString('base64url')).equals(key.key)).toBe(true);
    expect(parseKeyText(key.key.toString('hex')).equals(key.key)).toBe(true);
    expect(() => parseKeyText('c2hvcnQ=')).toThrow(/32 random bytes/);
    expect(() => parseKeyText('correct horse battery staple')).toThrow(/32 random bytes/);
  });

  it('the environment may list several keys: the first seals, the others still open', () => {
    const [a, b] = [generateMasterKey(), generateMasterKey()];
    const result = readKeyring({ envValue: `${formatKey(a)}, ${b.key.toString('hex')}`, dataDir: tempDir(), allowCreate: true });
    expect(result.ok && result.keyring.keys.map((k) => k.id)).toEqual([a.id, b.id]);
    expect(parseKeyList(`# comment\n${formatKey(a)}\n${formatKey(a)}\n`).map((k) => k.id)).toEqual([a.id]);
  });

  it('a malformed key in the environment makes the vault unavailable with a clear reason, and creates no file', () => {
    const dir = tempDir();
    const result = readKeyring({ envValue: 'not-a-key', dataDir: dir, allowCreate: true });
    expect(result).toEqual({ ok: false, problem: expect.stringMatching(/^SUPPORTDESK_VAULT_KEY is not usable: .*32 random bytes/) });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('without the environment, vault.key is created with mode 0600 on first start and read back afterwards', () => {
    const dir = path.join(tempDir(), 'data');
    const first = readKeyring({ envValue: '', dataDir: dir, allowCreate: true });
    expect(first.ok && first.created).toBe(true);
    const file = path.join(dir, 'vault.key');
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const again = readKeyring({ envValue: '', dataDir: dir, allowCreate: true });
    expect(again.ok && !again.created && again.keyring.keys[0]!.id).toBe(first.ok && first.keyring.keys[0]!.id);
  });

  it('a missing key file is not re-created while another key is on record', () => {
    const dir = tempDir();
    const result = readKeyring({ envValue: '', dataDir: dir, allowCreate: false });
    expect(result).toEqual({ ok: false, problem: expect.stringMatching(/vault key is missing/) });
    expect(fs.existsSync(path.join(dir, 'vault.key'))).toBe(false);
  });

  it.skipIf(process.platform === 'win32')('a key file readable by others is refused until it is chmod 600', () => {
    const dir = tempDir();
    const file = path.join(dir, 'vault.key');
    writeKeyFile({ file, keys: [generateMasterKey()] });
    fs.chmodSync(file, 0o644);
    expect(readKeyring({ envValue: '', dataDir: dir, allowCreate: true })).toEqual({
      ok: false,
      problem: expect.stringMatching(/readable by others.*chmod 600/),
    });
    fs.chmodSync(file, 0o600);
    expect(readKeyring({ envValue: '', dataDir: dir, allowCreate: true }).ok).toBe(true);
  });

  it('SUPPORTDESK_VAULT_KEY_FILE names one key file that nodes with data directories of their own share', () => {
    const shared = path.join(tempDir(), 'vault.key');
    const [nodeA, nodeB] = [tempDir(), tempDir()];
    const first = readKeyring({ envValue: '', dataDir: nodeA, keyFile: shared, allowCreate: true });
    expect(first).toMatchObject({ ok: true, created: true, keyring: { source: { kind: 'file', path: shared } } });
    // The second node starts after a key is on record: it may not create one, and needs none.
    const second = readKeyring({ envValue: '', dataDir: nodeB, keyFile: shared, allowCreate: false });
    expect(second.ok && second.keyring.keys[0]!.id).toBe(first.ok && first.keyring.keys[0]!.id);
    expect(fs.readdirSync(nodeA)).toEqual([]);
    expect(fs.readdirSync(nodeB)).toEqual([]);
    // A node with neither is told how several nodes share the key.
    const alone = readKeyring({ envValue: '', dataDir: tempDir(), allowCreate: false, multiNodeHint: true });
    expect(alone.ok).toBe(false);
    expect(!alone.ok && alone.problem).toMatch(/every node needs the same key: set SUPPORTDESK_VAULT_KEY/);
  });

  it('the key file is replaced atomically with mode 0600 and no temporary file left behind', () => {
    const dir = tempDir();
    const file = path.join(dir, 'vault.key');
    const [a, b] = [generateMasterKey(), generateMasterKey()];
    writeKeyFile({ file, keys: [a] });
    writeKeyFile({ file, keys: [b, a] });
    expect(fs.readdirSync(dir)).toEqual(['vault.key']);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(parseKeyList(fs.readFileSync(file, 'utf8')).map((k) => k.id)).toEqual([b.id, a.id]);
  });
});
