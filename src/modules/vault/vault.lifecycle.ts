import { sql } from 'kysely';
import type { Db, DbOrTrx, DialectName } from '../../db/database.js';
import type { Ticket, VaultRequest } from '../../db/types.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { MailOutbox } from '../mail/mail.outbox.js';
import { createTicketsRepository } from '../tickets/tickets.repository.js';
import { endReasonFor, isActive, MAX_REMINDERS, REMINDER_REPEAT_MS, statusAfterEnd, type EndReason } from './vault.models.js';
import type { ErasureStore } from './vault.erasure.js';
import { createVaultRepository } from './vault.repository.js';

export type VaultLifecycle = ReturnType<typeof createVaultLifecycle>;

export interface LifecycleDeps {
  db: Db;
  dialect: DialectName;
  clock: Clock;
  logger: Logger;
  mail: MailOutbox;
  publicUrl: string;
  /** Tells live viewers that a ticket changed (after the transaction). */
  publish(ticket: Ticket): void;
  erasure: ErasureStore;
}

/** An erasure key younger than this is left alone by the orphan sweep: its secret may be committing right now. */
const ERASURE_GRACE_MS = 10 * 60_000;

const EVENT_OF_STATUS = { destroyed: 'access_destroyed', withdrawn: 'access_withdrawn', cancelled: 'access_cancelled' } as const;

/**
 * The end of a secret's life (R7): destroyed when its ticket is resolved or closed, when it
 * expires, or when the customer withdraws it; then the customer is reminded, in the Personal
 * Account and by mail, to change those credentials, and once more a day later unless they confirm.
 */
export function createVaultLifecycle(deps: LifecycleDeps) {
  const { db, dialect, clock, logger, mail, publicUrl, publish, erasure } = deps;

  /** The customer's ticket page, where the vault panel is. */
  function ticketLink(ticketId: string): string {
    return `${publicUrl}/account/tickets/${ticketId}#vault`;
  }

  async function remind({ trx, request }: { trx: DbOrTrx; request: VaultRequest }): Promise<void> {
    const customer = await trx.selectFrom('users').select(['email', 'name', 'language']).where('id', '=', request.customer_id).executeTakeFirstOrThrow();
    const ticket = await trx.selectFrom('tickets').select(['id', 'number', 'subject']).where('id', '=', request.ticket_id).executeTakeFirstOrThrow();
    await mail.enqueue({
      trx,
      to: customer.email,
      toName: customer.name,
      template: 'vault_change_credentials',
      language: customer.language,
      name: customer.name,
      link: ticketLink(ticket.id),
      ticket,
    });
  }

  /**
   * Ends a request in the caller's transaction: the ciphertext and its wrapped data key are
   * deleted, the reason recorded, the customer reminded when credentials had been given. False
   * when it had already ended (another process, or the customer, got there first).
   */
  async function endRequest({
    trx,
    request,
    reason,
    actorId,
  }: {
    trx: DbOrTrx;
    request: VaultRequest;
    reason: EndReason;
    actorId: string | null;
  }): Promise<{ ended: boolean; deletedSecret: boolean; erasureKeyId: string | null }> {
    const at = clock.now();
    const repo = createVaultRepository({ db: trx, dialect });
    const status = statusAfterEnd({ request, reason });
    const hadSecret = request.submitted_at !== null;
    const ended = await repo.updateRequest({
      id: request.id,
      fromStatuses: ['requested', 'submitted', 'revealed'],
      changes: {
        status,
        ended_at: at,
        end_reason: reason,
        updated_at: at,
        reminders_sent: hadSecret ? 1 : 0,
        next_reminder_at: hadSecret && MAX_REMINDERS > 1 ? at + REMINDER_REPEAT_MS : null,
      },
    });
    if (!ended) return { ended: false, deletedSecret: false, erasureKeyId: null };
    const { deleted: deletedSecret, erasureKeyId } = await repo.deleteSecret({ requestId: request.id });
    await createTicketsRepository({ db: trx }).insertEvent({
      ticketId: request.ticket_id,
      actorId,
      type: EVENT_OF_STATUS[status as keyof typeof EVENT_OF_STATUS],
      data: { requestId: request.id, kind: request.kind, why: reason },
      at,
    });
    if (hadSecret) await remind({ trx, request });
    return { ended: true, deletedSecret, erasureKeyId };
  }

  /**
   * After the commit that deleted a secret's row: destroys its erasure key, which makes every
   * leftover of the row (PostgreSQL table files, WAL, dumps) undecryptable. A process that dies
   * first leaves the key to the orphan sweep.
   */
  async function destroyErasureKey({ requestId, erasureKeyId }: { requestId: string; erasureKeyId: string | null }): Promise<void> {
    if (!erasureKeyId) return;
    try {
      await erasure.destroy({ requestId, keyId: erasureKeyId });
    } catch (error) {
      logger.error({ err: error, requestId }, 'vault: could not delete an erasure key; the sweep retries');
    }
  }

  /** Erasure keys no stored secret uses any more (a crash between commit and deletion, or before a seal committed), older than a grace period. */
  async function sweepErasureKeys(): Promise<number> {
    const old = (await erasure.list()).filter((k) => k.ageMs > ERASURE_GRACE_MS);
    const used = await createVaultRepository({ db, dialect }).findUsedErasureKeys({ keyIds: old.map((k) => k.keyId) });
    let removed = 0;
    for (const key of old) {
      if (used.has(key.keyId)) continue;
      await destroyErasureKey({ requestId: key.requestId, erasureKeyId: key.keyId });
      removed++;
    }
    return removed;
  }

  /** After deletions: PostgreSQL's VACUUM drops the dead rows; SQLite (secure_delete on) checkpoints so old WAL frames go. */
  async function compact(): Promise<void> {
    try {
      if (dialect === 'postgres') await sql`vacuum vault_secrets`.execute(db);
      else await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
    } catch (error) {
      logger.warn({ err: error }, 'vault: could not compact after destroying secrets');
    }
  }

  async function endIfDue({ requestId }: { requestId: string }): Promise<{ ticket: Ticket; deletedSecret: boolean } | null> {
    const result = await db.transaction().execute(async (trx) => {
      const request = await createVaultRepository({ db: trx, dialect }).findRequest({ id: requestId, forUpdate: true });
      if (!request || !isActive(request.status)) return null;
      const ticket = (await createTicketsRepository({ db: trx }).findTicket({ id: request.ticket_id }))!;
      const reason = endReasonFor({ request, ticket, now: clock.now() });
      if (!reason) return null;
      const { ended, deletedSecret, erasureKeyId } = await endRequest({ trx, request, reason, actorId: null });
      return ended ? { ticket, deletedSecret, erasureKeyId } : null;
    });
    if (!result) return null;
    await destroyErasureKey({ requestId, erasureKeyId: result.erasureKeyId });
    return { ticket: result.ticket, deletedSecret: result.deletedSecret };
  }

  async function endAll(requestIds: string[]): Promise<{ ended: number; destroyed: number }> {
    let ended = 0;
    let destroyed = 0;
    const touched = new Map<string, Ticket>();
    for (const id of requestIds) {
      const result = await endIfDue({ requestId: id });
      if (!result) continue;
      ended++;
      if (result.deletedSecret) destroyed++;
      touched.set(result.ticket.id, result.ticket);
    }
    if (destroyed > 0) await compact();
    for (const ticket of touched.values()) publish(ticket);
    return { ended, destroyed };
  }

  return {
    endRequest,
    destroyErasureKey,
    sweepErasureKeys,
    compact,
    ticketLink,

    /** Ends what is due on one ticket (called right after the ticket changes). */
    async sweepTicket({ ticketId }: { ticketId: string }): Promise<{ ended: number; destroyed: number }> {
      const active = await db
        .selectFrom('vault_requests')
        .select('id')
        .where('ticket_id', '=', ticketId)
        .where('status', 'in', ['requested', 'submitted', 'revealed'])
        .execute();
      return active.length === 0 ? { ended: 0, destroyed: 0 } : endAll(active.map((r) => r.id));
    },

    /** The background sweep (every minute): ends what is due everywhere and sends the reminders that are due. */
    async sweep(): Promise<{ ended: number; destroyed: number; reminded: number }> {
      const now = clock.now();
      const ending = await createVaultRepository({ db, dialect }).listEndingRequests({ now, limit: 500 });
      const { ended, destroyed } = await endAll(ending.map((r) => r.id));
      await sweepErasureKeys();
      let reminded = 0;
      for (const due of await createVaultRepository({ db, dialect }).listDueReminders({ now, limit: 500 })) {
        const sent = await db.transaction().execute(async (trx) => {
          const sentNow = due.reminders_sent + 1;
          const updated = await trx
            .updateTable('vault_requests')
            .set({ reminders_sent: sentNow, next_reminder_at: sentNow >= MAX_REMINDERS ? null : now + REMINDER_REPEAT_MS, updated_at: now })
            .where('id', '=', due.id)
            .where('reminders_sent', '=', due.reminders_sent)
            .where('changed_confirmed_at', 'is', null)
            .executeTakeFirst();
          if (Number(updated.numUpdatedRows) === 0) return false;
          await remind({ trx, request: due });
          return true;
        });
        if (sent) reminded++;
      }
      if (ended + reminded > 0) logger.info({ vault: { ended, destroyed, reminded } }, 'vault sweep');
      return { ended, destroyed, reminded };
    },
  };
}
