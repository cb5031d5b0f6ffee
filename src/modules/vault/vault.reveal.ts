import type { Db, DialectName } from '../../db/database.js';
import { recordAudit } from '../audit/audit.repository.js';
import type { Ticket, User, VaultRequest } from '../../db/types.js';
import type { Clock } from '../../shared/clock.js';
import { createId } from '../../shared/ids.js';
import type { Logger } from '../../shared/logger.js';
import { isStaff } from '../accounts/accounts.models.js';
import { verifyPassword } from '../accounts/accounts.passwords.js';
import { throttleKey } from '../throttles/throttles.models.js';
import { retryAfterHeader, type Throttles } from '../throttles/throttles.usecases.js';
import type { TwoFactorUsecases } from '../twofactor/twofactor.usecases.js';
import { findVisibleRequest, insertVaultEvent } from './vault.access.js';
import { openSecret, VaultCryptoError } from './vault.crypto.js';
import { vaultErrors } from './vault.errors.js';
import type { ErasureStore } from './vault.erasure.js';
import type { KeyStore } from './vault.keystore.js';
import { holdsSecret, isTicketEnded, mayReveal, REVEAL_VISIBLE_SECONDS } from './vault.models.js';
import { createVaultRepository } from './vault.repository.js';
import type { AccessSecret } from './vault.views.js';

/**
 * The reveal (R7): the credentials go to the agent assigned to the ticket or an admin who re-entered
 * their password (failures throttled like sign-in) and gave a reason. Every reveal, and every refused
 * attempt, is logged and shown to the customer; the response is the only place a secret ever leaves.
 */
export function createReveal({
  db,
  dialect,
  clock,
  logger,
  keys,
  erasure,
  throttles,
  twoFactor,
  publish,
}: {
  erasure: ErasureStore;
  twoFactor: TwoFactorUsecases;
  db: Db;
  throttles: Throttles;
  dialect: DialectName;
  clock: Clock;
  logger: Logger;
  keys: KeyStore;
  publish(ticket: Ticket): void;
}) {
  /** Records a refused reveal in its own transaction: it stays logged although the request fails. */
  async function logRefusal({
    request,
    ticket,
    actor,
    ip,
    reason,
    refusal,
  }: {
    request: VaultRequest;
    ticket: Ticket;
    actor: User;
    ip?: string;
    reason: string;
    refusal: string;
  }): Promise<void> {
    const at = clock.now();
    await db.transaction().execute(async (trx) => {
      await recordAudit({
        trx,
        at,
        actor: { id: actor.id, email: actor.email, ip },
        action: 'vault.reveal_refused',
        target: { type: 'vault_request', id: request.id, label: `#${ticket.number}` },
        after: { reason, refusal },
      });
      await createVaultRepository({ db: trx, dialect }).insertReveal({
        reveal: { id: createId(), request_id: request.id, actor_id: actor.id, reason, outcome: 'refused', refusal, at },
      });
      await insertVaultEvent({ trx, request, actorId: actor.id, type: 'access_reveal_refused', extra: { refusal }, at });
    });
  }

  /**
   * Shows the credentials to the assigned agent or an admin who re-entered their password, with a
   * reason. Every reveal, and every refused attempt, is logged and shown to the customer.
   */
  return async function reveal({
    actor,
    via,
    requestId,
    password,
    reason,
    code,
    ip,
  }: {
    actor: User;
    /** The caller's address, for the audit log. */
    ip?: string;
    via: 'session' | 'token';
    requestId: string;
    password: string;
    reason: string;
    code?: string;
  }) {
    const { request, ticket } = await findVisibleRequest({ db, dialect, actor, requestId });
    if (!isStaff(actor.role)) throw vaultErrors.staffOnly();
    if (via !== 'session') throw vaultErrors.sessionRequired();
    if (!holdsSecret(request.status) || isTicketEnded(ticket)) throw vaultErrors.wrongState({ message: 'There are no credentials to reveal on this request.' });
    const why = reason.trim();
    if (!mayReveal({ user: actor, ticket })) {
      await logRefusal({ request, ticket, actor, ip, reason: why, refusal: 'not_assigned' });
      throw vaultErrors.notAssigned();
    }
    // Reserved before Argon2 runs, so parallel guesses all count (throttles.usecases.ts).
    const key = throttleKey.vaultReauth(actor.id);
    const reserved = await throttles.reserve({ checks: [{ key, policy: 'vaultReauth' }] });
    if (!reserved.ok) throw vaultErrors.reauthThrottled({ headers: retryAfterHeader(reserved.retryAfterMs) });
    if (!actor.password_hash || !(await verifyPassword({ hash: actor.password_hash, password }))) {
      await logRefusal({ request, ticket, actor, ip, reason: why, refusal: 'reauth_failed' });
      throw vaultErrors.reauthFailed();
    }
    // With two-factor sign-in on, the reveal asks for the second factor too, under the same throttle.
    if ((await twoFactor.status({ user: actor })).enabled && !(code && (await twoFactor.checkCode({ user: actor, code })))) {
      await logRefusal({ request, ticket, actor, ip, reason: why, refusal: 'second_factor_failed' });
      throw vaultErrors.secondFactorFailed();
    }
    await throttles.clear({ key });
    const stored = await createVaultRepository({ db, dialect }).findSecret({ requestId: request.id });
    if (!stored) throw vaultErrors.wrongState({ message: 'There are no credentials to reveal on this request.' });
    const masterKey = await keys.keyFor({ keyId: stored.key_id });
    let secret: AccessSecret;
    const erasureKey = stored.erasure_key_id ? await erasure.read({ requestId: request.id, keyId: stored.erasure_key_id }) : undefined;
    try {
      const plaintext = openSecret({
        sealed: { keyId: stored.key_id, wrappedKey: stored.wrapped_key, ciphertext: stored.ciphertext },
        requestId: request.id,
        masterKey,
        erasureKey,
      });
      secret = JSON.parse(plaintext.toString('utf8')) as AccessSecret;
      plaintext.fill(0);
    } catch (error) {
      if (error instanceof VaultCryptoError) {
        logger.error({ vault: { requestId: request.id, reason: error.reason } }, `vault: a stored secret did not open: ${error.message}`);
        if (error.reason === 'key_mismatch') throw vaultErrors.keyMismatch();
        if (error.reason === 'erased') throw vaultErrors.erasureKeyMissing();
        throw vaultErrors.integrityFailed();
      }
      throw error;
    } finally {
      erasureKey?.fill(0);
    }
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      const repo = createVaultRepository({ db: trx, dialect });
      await repo.insertReveal({
        reveal: { id: createId(), request_id: request.id, actor_id: actor.id, reason: why, outcome: 'revealed', refusal: null, at: now },
      });
      await repo.updateRequest({
        id: request.id,
        fromStatuses: ['submitted', 'revealed'],
        changes: { status: 'revealed', last_revealed_at: now, updated_at: now },
      });
      await insertVaultEvent({ trx, request, actorId: actor.id, type: 'access_revealed', extra: { reason: why }, at: now });
      await recordAudit({
        trx,
        at: now,
        actor: { id: actor.id, email: actor.email, ip },
        action: 'vault.revealed',
        target: { type: 'vault_request', id: request.id, label: `#${ticket.number}` },
        after: { reason: why },
      });
    });
    publish(ticket);
    return { requestId: request.id, kind: request.kind, revealedAt: new Date(now).toISOString(), hideAfterSeconds: REVEAL_VISIBLE_SECONDS, secret };
  };
}
