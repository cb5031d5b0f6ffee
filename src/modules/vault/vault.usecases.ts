import type { Db, DbOrTrx, DialectName } from '../../db/database.js';
import type { Ticket, User, VaultAccessKind, VaultRequest } from '../../db/types.js';
import type { Clock } from '../../shared/clock.js';
import { createId } from '../../shared/ids.js';
import type { Logger } from '../../shared/logger.js';
import { isStaff } from '../accounts/accounts.models.js';
import type { MailOutbox } from '../mail/mail.outbox.js';
import type { TicketEventBus } from '../tickets/tickets.events.js';
import { findVisibleRequest, findVisibleTicket as findVisibleTicketOf, insertVaultEvent } from './vault.access.js';
import { sealSecret } from './vault.crypto.js';
import { vaultErrors } from './vault.errors.js';
import { createDatabaseErasureStore, createErasureStore } from './vault.erasure.js';
import { createKeyStore } from './vault.keystore.js';
import { createVaultLifecycle } from './vault.lifecycle.js';
import { canRequestAccessOn, computeExpiry, isActive, isTicketEnded, mayReveal, needsCredentialChange, REVEAL_VISIBLE_SECONDS } from './vault.models.js';
import { createVaultRepository } from './vault.repository.js';
import { createReveal } from './vault.reveal.js';
import { createKeyRotation } from './vault.rotation.js';
import { toAccessRequestView, type AccessSecret } from './vault.views.js';
import type { Throttles } from '../throttles/throttles.usecases.js';
import type { TwoFactorUsecases } from '../twofactor/twofactor.usecases.js';

export type VaultUsecases = ReturnType<typeof createVaultUsecases>;

export interface VaultDeps {
  db: Db;
  dialect: DialectName;
  clock: Clock;
  logger: Logger;
  mail: MailOutbox;
  events: TicketEventBus;
  publicUrl: string;
  dataDir: string;
  /** SUPPORTDESK_VAULT_KEY: one or more master keys, or empty for the key file. */
  vaultKey: string;
  /** SUPPORTDESK_VAULT_KEY_FILE: the key file's path when not `vault.key` in the data directory. */
  vaultKeyFile?: string;
  /** Longest a secret is kept (SUPPORTDESK_VAULT_DAYS). */
  retentionDays: number;
  throttles: Throttles;
  twoFactor: TwoFactorUsecases;
}

/** The emergency access vault (R7): requests, sealed credentials, logged reveals, destruction and reminders. */
export function createVaultUsecases(deps: VaultDeps) {
  const { db, dialect, clock, logger, mail, events, publicUrl } = deps;
  const keys = createKeyStore({ db, dialect, clock, logger, envValue: deps.vaultKey, dataDir: deps.dataDir, keyFile: deps.vaultKeyFile });
  const publish = (ticket: Ticket) =>
    events.publish({
      type: 'ticket.updated',
      ticketId: ticket.id,
      ticketNumber: ticket.number,
      customerId: ticket.customer_id,
      isInternal: false,
      at: clock.now(),
    });
  // Files on one machine (SQLite); PostgreSQL's unlogged table with several nodes (see vault.erasure.ts).
  const fileErasure = createErasureStore({ dataDir: deps.dataDir });
  const erasure = dialect === 'postgres' ? createDatabaseErasureStore({ db, legacy: fileErasure }) : fileErasure;
  const lifecycle = createVaultLifecycle({ db, dialect, clock, logger, mail, publicUrl, publish, erasure });
  const rotation = createKeyRotation({ db, dialect, clock, keys, erasure });

  // Destroy on resolve: every committed ticket change sweeps that ticket at once; the job that
  // runs every minute catches whatever this misses (a crash, another process, a path added later).
  const inFlight = new Set<Promise<unknown>>();
  events.subscribe((change) => {
    if (change.type !== 'ticket.updated' && change.type !== 'ticket.message') return;
    const run = lifecycle
      .sweepTicket({ ticketId: change.ticketId })
      .catch((error: unknown) => logger.warn({ err: error, ticketId: change.ticketId }, 'vault: sweeping a changed ticket failed; the scheduled sweep retries'))
      .finally(() => inFlight.delete(run));
    inFlight.add(run);
  });

  const findVisible = ({ actor, requestId }: { actor: User; requestId: string }) => findVisibleRequest({ db, dialect, actor, requestId });
  const findVisibleTicket = ({ actor, ticketId }: { actor: User; ticketId: string }) => findVisibleTicketOf({ db, actor, ticketId });

  async function present(requests: VaultRequest[]) {
    const repo = createVaultRepository({ db, dialect });
    const reveals = await repo.listReveals({ requestIds: requests.map((r) => r.id) });
    const names = await repo.findUserNames({ ids: [...new Set(requests.map((r) => r.requested_by))] });
    return requests.map((request) => toAccessRequestView({ request, reveals, requesterName: names.get(request.requested_by) ?? '' }));
  }

  async function presentOne(requestId: string) {
    const request = (await createVaultRepository({ db, dialect }).findRequest({ id: requestId }))!;
    return (await present([request]))[0]!;
  }

  const insertEvent = (trx: DbOrTrx, request: Pick<VaultRequest, 'id' | 'ticket_id' | 'kind'>, actorId: string, type: string, extra = {}) =>
    insertVaultEvent({ trx, request, actorId, type, extra, at: clock.now() });

  return {
    keys,
    erasure,
    lifecycle,
    rotateKey: rotation.rotateKey,
    status: () => keys.status(),
    /** Waits until the sweeps started by ticket changes have finished (tests, shutdown). */
    async whenIdle(): Promise<void> {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },

    /** An agent asks for temporary access on an emergency ticket; the customer sees it on the ticket and by mail (no secret in it). */
    async requestAccess({ actor, ticketId, kind, reason }: { actor: User; ticketId: string; kind: VaultAccessKind; reason: string }) {
      const ticket = await findVisibleTicket({ actor, ticketId });
      if (!isStaff(actor.role)) throw vaultErrors.staffOnly();
      if (isTicketEnded(ticket)) throw vaultErrors.ticketEnded();
      if (!canRequestAccessOn(ticket)) throw vaultErrors.notEmergency();
      // Asking for credentials the vault could not store would only frustrate the customer.
      await keys.sealingKey({ trx: db });
      const now = clock.now();
      const request: VaultRequest = {
        id: createId(),
        ticket_id: ticket.id,
        customer_id: ticket.customer_id,
        requested_by: actor.id,
        kind,
        reason: reason.trim(),
        status: 'requested',
        created_at: now,
        updated_at: now,
        submitted_at: null,
        expires_at: null,
        last_revealed_at: null,
        ended_at: null,
        end_reason: null,
        reminders_sent: 0,
        next_reminder_at: null,
        changed_confirmed_at: null,
      };
      await db.transaction().execute(async (trx) => {
        await createVaultRepository({ db: trx, dialect }).insertRequest({ request });
        await insertEvent(trx, request, actor.id, 'access_requested');
        const customer = await trx.selectFrom('users').select(['email', 'name', 'language']).where('id', '=', ticket.customer_id).executeTakeFirstOrThrow();
        await mail.enqueue({
          trx,
          to: customer.email,
          toName: customer.name,
          template: 'vault_requested',
          language: customer.language,
          name: customer.name,
          link: lifecycle.ticketLink(ticket.id),
          ticket: { id: ticket.id, number: ticket.number, subject: ticket.subject },
        });
      });
      publish(ticket);
      return presentOne(request.id);
    },

    /** The ticket's access requests with their reveal logs, never a secret; and whether the vault works now. */
    async listForTicket({ actor, ticketId }: { actor: User; ticketId: string }) {
      const ticket = await findVisibleTicket({ actor, ticketId });
      const requests = await createVaultRepository({ db, dialect }).listRequestsOfTicket({ ticketId: ticket.id });
      const { available } = await keys.status();
      const isOpenEmergency = canRequestAccessOn(ticket) && !isTicketEnded(ticket);
      return {
        items: await present(requests),
        vaultAvailable: available,
        revealVisibleSeconds: REVEAL_VISIBLE_SECONDS,
        maxDays: deps.retentionDays,
        // What this viewer may do here, so the page offers only that (the server checks again).
        viewer: {
          canRequest: isStaff(actor.role) && isOpenEmergency,
          canReveal: mayReveal({ user: actor, ticket }) && !isTicketEnded(ticket),
          canSubmit: actor.id === ticket.customer_id && !isTicketEnded(ticket),
          needsSecondFactor: isStaff(actor.role) && (await deps.twoFactor.status({ user: actor })).enabled,
        },
      };
    },

    /** The customer gives (or corrects) the credentials; they are sealed before they reach the database. */
    async submitSecret({ actor, requestId, secret, expiresInDays }: { actor: User; requestId: string; secret: AccessSecret; expiresInDays?: number }) {
      const { request, ticket } = await findVisible({ actor, requestId });
      if (actor.id !== ticket.customer_id) throw vaultErrors.customerOnly();
      if (isTicketEnded(ticket)) throw vaultErrors.ticketEnded();
      if (!isActive(request.status)) throw vaultErrors.wrongState({ message: 'This access request has ended; nothing can be submitted to it.' });
      const plaintext = Buffer.from(JSON.stringify(secret), 'utf8');
      // The erasure key is stored before the row that needs it commits; if the commit fails it is removed again.
      const fresh = await erasure.create({ requestId: request.id });
      let replacedErasureKeyId: string | null = null;
      try {
        await db.transaction().execute(async (trx) => {
          const masterKey = await keys.sealingKey({ trx });
          const now = clock.now();
          const repo = createVaultRepository({ db: trx, dialect });
          const current = await repo.findRequest({ id: request.id, forUpdate: true });
          if (!current || !isActive(current.status))
            throw vaultErrors.wrongState({ message: 'This access request has ended; nothing can be submitted to it.' });
          const sealed = sealSecret({ plaintext, requestId: request.id, masterKey, erasureKey: fresh.key });
          ({ replacedErasureKeyId } = await repo.upsertSecret({
            secret: {
              request_id: request.id,
              key_id: sealed.keyId,
              wrapped_key: sealed.wrappedKey,
              ciphertext: sealed.ciphertext,
              created_at: now,
              erasure_key_id: fresh.keyId,
            },
          }));
          await repo.updateRequest({
            id: request.id,
            changes: {
              status: 'submitted',
              submitted_at: now,
              expires_at: computeExpiry({ submittedAt: now, requestedDays: expiresInDays, maxDays: deps.retentionDays }),
              updated_at: now,
            },
          });
          await insertEvent(trx, request, actor.id, current.submitted_at === null ? 'access_submitted' : 'access_resubmitted');
        });
      } catch (error) {
        await erasure.destroy({ requestId: request.id, keyId: fresh.keyId });
        throw error;
      } finally {
        plaintext.fill(0);
        fresh.key.fill(0);
      }
      // Corrected credentials replace the earlier ones for good.
      await lifecycle.destroyErasureKey({ requestId: request.id, erasureKeyId: replacedErasureKeyId });
      if (replacedErasureKeyId) await lifecycle.compact();
      publish(ticket);
      return presentOne(request.id);
    },

    reveal: createReveal({ db, dialect, clock, logger, keys, erasure, throttles: deps.throttles, twoFactor: deps.twoFactor, publish }),

    /** The customer takes the access back (or declines the request): the secret is destroyed now. */
    async withdraw({ actor, requestId }: { actor: User; requestId: string }) {
      const { request, ticket } = await findVisible({ actor, requestId });
      if (actor.id !== ticket.customer_id) throw vaultErrors.customerOnly();
      if (!isActive(request.status)) throw vaultErrors.wrongState({ message: 'This access request has already ended.' });
      const { deletedSecret, erasureKeyId } = await db.transaction().execute(async (trx) => {
        const current = await createVaultRepository({ db: trx, dialect }).findRequest({ id: request.id, forUpdate: true });
        if (!current || !isActive(current.status)) throw vaultErrors.wrongState({ message: 'This access request has already ended.' });
        return lifecycle.endRequest({ trx, request: current, reason: 'withdrawn', actorId: actor.id });
      });
      await lifecycle.destroyErasureKey({ requestId: request.id, erasureKeyId });
      if (deletedSecret) await lifecycle.compact();
      publish(ticket);
      return presentOne(request.id);
    },

    /** The customer says they changed the credentials; the reminders stop. */
    async confirmChanged({ actor, requestId }: { actor: User; requestId: string }) {
      const { request, ticket } = await findVisible({ actor, requestId });
      if (actor.id !== ticket.customer_id) throw vaultErrors.customerOnly();
      if (!needsCredentialChange(request)) throw vaultErrors.nothingToConfirm();
      await db.transaction().execute(async (trx) => {
        const now = clock.now();
        await createVaultRepository({ db: trx, dialect }).updateRequest({
          id: request.id,
          changes: { changed_confirmed_at: now, next_reminder_at: null, updated_at: now },
        });
        await insertEvent(trx, request, actor.id, 'access_change_confirmed');
      });
      publish(ticket);
      return presentOne(request.id);
    },

    /** The customer's destroyed credentials still to be changed, for the Personal Account's reminder. */
    async pendingChanges({ actor }: { actor: User }) {
      const rows = await createVaultRepository({ db, dialect }).listPendingChanges({ customerId: actor.id });
      return rows.map((r) => ({
        requestId: r.id,
        ticketId: r.ticket_id,
        ticketNumber: r.ticket_number,
        kind: r.kind,
        endedAt: new Date(r.ended_at!).toISOString(),
      }));
    },
  };
}
