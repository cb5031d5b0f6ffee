import type { Db, DbOrTrx, DialectName } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import type { AppError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import type { MasterKey } from './vault.crypto.js';
import { vaultErrors } from './vault.errors.js';
import { readKeyring, type Keyring } from './vault.keys.js';
import { ACTIVE_KEY_SETTING, createVaultRepository } from './vault.repository.js';

export type KeyStore = ReturnType<typeof createKeyStore>;

export interface VaultStatus {
  available: boolean;
  /** `vault.unavailable` or `vault.key_mismatch` when not available. */
  code: string | null;
  /** For the operator: what is wrong and how to fix it (paths included; admins only). */
  problem: string | null;
  activeKeyId: string | null;
  source: 'env' | 'file' | null;
}

/**
 * Holds this process's master keys. The id of the key that seals new secrets is on record in the
 * database, so every process (and `vault rotate-key`) agrees on it, and a process started with
 * another key is told so instead of sealing secrets nobody else can open.
 */
export function createKeyStore({
  db,
  dialect,
  clock,
  logger,
  envValue,
  dataDir,
  keyFile = '',
}: {
  db: Db;
  dialect: DialectName;
  clock: Clock;
  logger: Logger;
  envValue: string;
  dataDir: string;
  /** SUPPORTDESK_VAULT_KEY_FILE, or empty for `vault.key` in the data directory. */
  keyFile?: string;
}) {
  let cached: Keyring | undefined;
  let lastProblem: string | undefined;

  function fail(error: AppError, problem: string): never {
    // Logged when it changes, not on every request; the API says only that the vault is unavailable.
    if (problem !== lastProblem) logger.error({ vault: { code: error.code } }, `vault unavailable: ${problem}`);
    lastProblem = problem;
    throw Object.assign(error, { problem });
  }

  async function load(): Promise<Keyring> {
    const active = await createVaultRepository({ db, dialect }).readActiveKeyId();
    const result = readKeyring({ envValue, dataDir, keyFile, allowCreate: active === undefined, multiNodeHint: dialect === 'postgres' });
    if (!result.ok) return fail(vaultErrors.unavailable(), result.problem);
    if (result.created && result.keyring.source.kind === 'file') {
      logger.warn(`vault: created the master key file ${result.keyring.source.path} (key ${result.keyring.keys[0]!.id}); back it up with the database`);
    }
    cached = result.keyring;
    lastProblem = undefined;
    return cached;
  }

  async function getKeyring(): Promise<Keyring> {
    return cached ?? load();
  }

  function mismatch(wanted: string, keyring: Keyring): never {
    const held = keyring.keys.map((k) => k.id).join(', ');
    const where = keyring.source.kind === 'env' ? 'SUPPORTDESK_VAULT_KEY' : keyring.source.path;
    return fail(vaultErrors.keyMismatch(), `the vault needs master key ${wanted}, but ${where} holds ${held}.`);
  }

  async function find(keyId: string): Promise<MasterKey> {
    let keyring = await getKeyring();
    let key = keyring.keys.find((k) => k.id === keyId);
    // A rotation in another process may have added the key to the file since it was read.
    if (!key && keyring.source.kind === 'file') {
      keyring = await load();
      key = keyring.keys.find((k) => k.id === keyId);
    }
    return key ?? mismatch(keyId, keyring);
  }

  /** The key on record for sealing new secrets (ours, when none is on record yet). Call inside the sealing transaction. */
  async function sealingKey({ trx }: { trx: DbOrTrx }): Promise<MasterKey> {
    const keyring = await getKeyring();
    // A share lock on PostgreSQL: a rotation that moves the record waits for this transaction, so
    // every secret sealed under the old key is committed before the rotation looks for them.
    const readActive = async () => {
      let q = trx.selectFrom('settings').select('value').where('key', '=', ACTIVE_KEY_SETTING);
      if (dialect === 'postgres') q = q.forShare();
      const row = await q.executeTakeFirst();
      return row ? (JSON.parse(row.value) as { id: string }).id : undefined;
    };
    let active = await readActive();
    if (active === undefined) {
      await createVaultRepository({ db: trx, dialect }).registerFirstKey({ keyId: keyring.keys[0]!.id, at: clock.now() });
      active = (await readActive())!;
    }
    return find(active);
  }

  return {
    sealingKey,
    /** The key a stored secret was sealed under, or `vault.key_mismatch`. */
    keyFor: ({ keyId }: { keyId: string }) => find(keyId),
    /** Forgets the cached keys (after a rotation wrote a new key file). */
    reload: () => load(),
    getKeyring,

    /** Whether secrets can be sealed and opened now, and why not. */
    async status(): Promise<VaultStatus> {
      try {
        const key = await sealingKey({ trx: db });
        const keyring = await getKeyring();
        return { available: true, code: null, problem: null, activeKeyId: key.id, source: keyring.source.kind };
      } catch (error) {
        const e = error as AppError & { problem?: string };
        if (e.code !== 'vault.unavailable' && e.code !== 'vault.key_mismatch') throw error;
        return { available: false, code: e.code, problem: e.problem ?? e.message, activeKeyId: null, source: cached?.source.kind ?? null };
      }
    },
  };
}
