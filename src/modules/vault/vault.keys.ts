import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { generateMasterKey, KEY_BYTES, toMasterKey, type MasterKey } from './vault.crypto.js';

// The master key policy. SUPPORTDESK_VAULT_KEY holds one key (32 bytes, base64 or hex), or
// several separated by commas: the first seals new secrets, the others still open old ones (the
// rolling rotation across many processes). Without it, <dataDir>/vault.key (or the file named by
// SUPPORTDESK_VAULT_KEY_FILE, which several nodes can share) holds the keys one per line, first one current; it is created with mode 0600 on first start when no secret was ever
// sealed under another key.

export const KEY_FILE_NAME = 'vault.key';
const FILE_HEADER = [
  '# Supportdesk vault master key (the first line seals new secrets; later lines only open old ones).',
  '# Back it up: without it the secrets in the vault cannot be read. Never share it.',
];

/** Where the keys come from. */
export type KeySource = { kind: 'env' } | { kind: 'file'; path: string };

/** The master keys this process holds; `keys[0]` is the current one. */
export interface Keyring {
  source: KeySource;
  keys: MasterKey[];
}

export type KeyringResult = { ok: true; keyring: Keyring; created: boolean } | { ok: false; problem: string };

/** One key from its text form: base64 (standard or URL-safe) or hex, 32 bytes. */
export function parseKeyText(text: string): Buffer {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) {
    const key = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (key.length === KEY_BYTES) return key;
  }
  throw new Error(`a vault key is ${KEY_BYTES} random bytes written as base64 (44 characters) or hex (64 characters)`);
}

export function formatKey(key: MasterKey): string {
  return key.key.toString('base64');
}

/** Parses a list of keys (commas, spaces or lines; # starts a comment line). */
export function parseKeyList(text: string): MasterKey[] {
  const items = text
    .split('\n')
    .filter((line) => !line.trim().startsWith('#'))
    .join(',')
    .split(/[\s,]+/)
    .filter(Boolean);
  const keys = items.map((item) => toMasterKey(parseKeyText(item)));
  return keys.filter((k, i) => keys.findIndex((o) => o.id === k.id) === i);
}

export function keyFilePath(dataDir: string): string {
  return path.join(dataDir, KEY_FILE_NAME);
}

/**
 * Reads the keyring from the environment value or the key file. `allowCreate` creates the file
 * (mode 0600) when it is missing; the caller allows it only while no other key is on record.
 */
export function readKeyring({
  envValue,
  dataDir,
  keyFile = '',
  allowCreate,
  multiNodeHint = false,
}: {
  envValue: string;
  dataDir: string;
  /** SUPPORTDESK_VAULT_KEY_FILE: a key file at a path of the operator's choosing (shared by every node). */
  keyFile?: string;
  allowCreate: boolean;
  /** PostgreSQL: say how several nodes share the key when this one has none. */
  multiNodeHint?: boolean;
}): KeyringResult {
  if (envValue.trim() !== '') {
    try {
      const keys = parseKeyList(envValue);
      if (keys.length === 0) return { ok: false, problem: 'SUPPORTDESK_VAULT_KEY holds no key.' };
      return { ok: true, keyring: { source: { kind: 'env' }, keys }, created: false };
    } catch (error) {
      return { ok: false, problem: `SUPPORTDESK_VAULT_KEY is not usable: ${(error as Error).message}.` };
    }
  }
  const file = keyFile !== '' ? path.resolve(keyFile) : keyFilePath(dataDir);
  let created = false;
  if (!fs.existsSync(file)) {
    if (!allowCreate) {
      const hint = multiNodeHint
        ? ' With several nodes on PostgreSQL every node needs the same key: set SUPPORTDESK_VAULT_KEY to the key of the node that created it (or point SUPPORTDESK_VAULT_KEY_FILE at one file every node reads).'
        : '';
      return {
        ok: false,
        problem: `The vault key is missing: set SUPPORTDESK_VAULT_KEY or restore ${file} (the vault's secrets are sealed under a key that is on record).${hint}`,
      };
    }
    try {
      created = createKeyFile({ file, key: generateMasterKey() });
    } catch (error) {
      return { ok: false, problem: `The vault key file ${file} could not be created: ${(error as NodeJS.ErrnoException).code ?? String(error)}.` };
    }
  }
  try {
    if (process.platform !== 'win32') {
      const mode = fs.statSync(file).mode & 0o777;
      if ((mode & 0o077) !== 0)
        return { ok: false, problem: `The vault key file ${file} is readable by others (mode ${mode.toString(8)}); run chmod 600 on it.` };
    }
    const keys = parseKeyList(fs.readFileSync(file, 'utf8'));
    if (keys.length === 0) return { ok: false, problem: `The vault key file ${file} holds no key.` };
    return { ok: true, keyring: { source: { kind: 'file', path: file }, keys }, created };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, problem: `The vault key file ${file} is not usable: ${code ?? (error as Error).message}.` };
  }
}

/** Creates the key file with mode 0600 unless it exists (another process won the race): true if created. */
function createKeyFile({ file, key }: { file: string; key: MasterKey }): boolean {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    fs.writeSync(fd, `${[...FILE_HEADER, formatKey(key)].join('\n')}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

/** Replaces the key file atomically (write a private temporary file, then rename it over). */
export function writeKeyFile({ file, keys }: { file: string; keys: MasterKey[] }): void {
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = fs.openSync(temporary, 'wx', 0o600);
  try {
    fs.writeSync(fd, `${[...FILE_HEADER, ...keys.map(formatKey)].join('\n')}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temporary, file);
}
