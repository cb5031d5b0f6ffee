import type { Db, DialectName } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { generateMasterKey, rewrapSecret, VaultCryptoError, type MasterKey } from './vault.crypto.js';
import { writeKeyFile } from './vault.keys.js';
import type { ErasureStore } from './vault.erasure.js';
import type { KeyStore } from './vault.keystore.js';
import { createVaultRepository } from './vault.repository.js';

export interface RotationResult {
  /** False when there was nothing to do (the environment's first key already seals everything). */
  isRotated: boolean;
  source: 'env' | 'file';
  toKeyId: string;
  rewrapped: number;
  /** Secrets whose key this process does not hold, or whose bytes fail their check: left as they are. */
  unreadable: number;
}

const BATCH = 100;

/**
 * Re-seals every data key under a new master key, without downtime: the new key is added next to
 * the old one first, put on record as the sealing key (running processes pick it up from the key
 * file when they meet it), every data key is re-wrapped in small transactions, and only then is
 * the old key dropped. With SUPPORTDESK_VAULT_KEY the operator supplies the keys (NEW,OLD).
 */
export function createKeyRotation({
  db,
  dialect,
  clock,
  keys,
  erasure,
}: {
  db: Db;
  dialect: DialectName;
  clock: Clock;
  keys: KeyStore;
  erasure: ErasureStore;
}) {
  return {
    async rotateKey({ onProgress }: { onProgress?: (p: { done: number }) => void } = {}): Promise<RotationResult> {
      // Refuses to start when the key on record is not held: nothing could be re-wrapped.
      await keys.sealingKey({ trx: db });
      let keyring = await keys.getKeyring();
      const repo = createVaultRepository({ db, dialect });
      let target: MasterKey;
      if (keyring.source.kind === 'file') {
        target = generateMasterKey();
        writeKeyFile({ file: keyring.source.path, keys: [target, ...keyring.keys] });
        keyring = await keys.reload();
      } else {
        target = keyring.keys[0]!;
      }
      const previous = await repo.readActiveKeyId();
      const pending = (await repo.countSecretsByKey()).filter((r) => r.key_id !== target.id).reduce((n, r) => n + r.n, 0);
      if (keyring.source.kind === 'env' && previous === target.id && pending === 0) {
        return { isRotated: false, source: 'env', toKeyId: target.id, rewrapped: 0, unreadable: 0 };
      }
      // From here on every process seals under the new key (they wait for sealings in progress).
      await db.transaction().execute(async (trx) => createVaultRepository({ db: trx, dialect }).setActiveKey({ keyId: target.id, at: clock.now() }));

      let rewrapped = 0;
      let unreadable = 0;
      const skipped = new Set<string>();
      for (;;) {
        const batch = (await repo.listSecretsNotUnder({ keyId: target.id, limit: BATCH + skipped.size })).filter((s) => !skipped.has(s.request_id));
        if (batch.length === 0) break;
        for (const row of batch) {
          const from = keyring.keys.find((k) => k.id === row.key_id);
          if (!from) {
            skipped.add(row.request_id);
            unreadable++;
            continue;
          }
          const erasureKey = row.erasure_key_id ? await erasure.read({ requestId: row.request_id, keyId: row.erasure_key_id }) : undefined;
          try {
            const sealed = rewrapSecret({
              sealed: { keyId: row.key_id, wrappedKey: row.wrapped_key, ciphertext: row.ciphertext },
              requestId: row.request_id,
              from,
              to: target,
              erasureKey,
            });
            // Conditional on the old wrapping: a purge or another rotation in between wins.
            if (await repo.rewrapSecret({ requestId: row.request_id, fromKeyId: row.key_id, keyId: sealed.keyId, wrappedKey: sealed.wrappedKey })) rewrapped++;
          } catch (error) {
            if (!(error instanceof VaultCryptoError)) throw error;
            skipped.add(row.request_id);
            unreadable++;
          } finally {
            erasureKey?.fill(0);
          }
        }
        onProgress?.({ done: rewrapped });
      }

      if (keyring.source.kind === 'file') {
        // Keys still named by secrets (unreadable ones) stay in the file; the rest go.
        const stillUsed = new Set((await repo.countSecretsByKey()).map((r) => r.key_id));
        writeKeyFile({ file: keyring.source.path, keys: [target, ...keyring.keys.filter((k) => k.id !== target.id && stillUsed.has(k.id))] });
        await keys.reload();
      }
      return { isRotated: true, source: keyring.source.kind, toKeyId: target.id, rewrapped, unreadable };
    },
  };
}
