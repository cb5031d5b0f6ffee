import { hostname } from 'node:os';
import type { Db, DialectName } from '../../db/database.js';
import { classifyDatabaseFailure } from '../../db/failures.js';
import type { OutboxMail } from '../../db/types.js';
import type { Clock } from '../../shared/clock.js';
import { createId } from '../../shared/ids.js';
import type { Logger } from '../../shared/logger.js';
import type { MailSettings } from './mail.settings.js';
import { classifySmtpError, createSmtpTransport, type MailTransport } from './mail.transport.js';
import type { OutboundSettings } from './mail.settings.js';

export type MailDelivery = ReturnType<typeof createMailDelivery>;

/** How long a sender waits for the database to come back to record a mail it has sent (a restart takes seconds). */
const RECORD_PATIENCE_MS = 60_000;

/** Wait before the n-th retry: 30 s, 1 min, 2 min, … at most an hour. Transient failures retry for ever. */
export function computeMailBackoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3600_000);
}

/**
 * Sends the outbox. Each mail is leased (`sending`, `locked_until`) before it is sent with its
 * stored Message-ID and marked `sent` right after the server accepts it; a process that dies in
 * between leaves the lease to run out, and the mail then goes once more with the same Message-ID.
 */
export function createMailDelivery({
  db,
  dialect,
  clock,
  logger,
  settings,
  createTransport = createSmtpTransport,
  leaseMs = 2 * 60_000,
  batchSize = 50,
  concurrency = 3,
}: {
  db: Db;
  dialect: DialectName;
  clock: Clock;
  logger: Logger;
  settings: MailSettings;
  createTransport?: (outbound: OutboundSettings) => MailTransport;
  leaseMs?: number;
  batchSize?: number;
  concurrency?: number;
}) {
  const workerId = `${hostname()}:${process.pid}:${createId().slice(0, 8)}`;

  /** Leases up to `limit` mails that are due: queued ones, and ones whose sender died mid-send. */
  async function claim(limit: number): Promise<OutboxMail[]> {
    const now = clock.now();
    return db.transaction().execute(async (trx) => {
      let candidates = trx
        .selectFrom('mail_outbox')
        .select('id')
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'queued'), eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)])]),
            eb.and([eb('status', '=', 'sending'), eb('locked_until', '<', now)]),
          ]),
        )
        .orderBy('created_at')
        .orderBy('id')
        .limit(limit);
      if (dialect === 'postgres') candidates = candidates.forUpdate().skipLocked();
      const ids = (await candidates.execute()).map((r) => r.id);
      if (ids.length === 0) return [];
      return trx
        .updateTable('mail_outbox')
        .set((eb) => ({ status: 'sending', locked_by: workerId, locked_until: now + leaseMs, attempts: eb('attempts', '+', 1) }))
        .where('id', 'in', ids)
        .returningAll()
        .execute();
    });
  }

  async function markSent(mail: OutboxMail): Promise<void> {
    await db
      .updateTable('mail_outbox')
      .set({ status: 'sent', sent_at: clock.now(), last_error: null, locked_by: null, locked_until: null })
      .where('id', '=', mail.id)
      .where('locked_by', '=', workerId)
      .where('status', '=', 'sending')
      .execute();
  }

  async function markFailed({ mail, error, isFinal, isUntried }: { mail: OutboxMail; error: string; isFinal: boolean; isUntried?: boolean }): Promise<void> {
    await db
      .updateTable('mail_outbox')
      .set({
        status: isFinal ? 'failed' : 'queued',
        // A mail released untried (the server went away before its turn) keeps its attempt count.
        attempts: isUntried ? Math.max(0, mail.attempts - 1) : mail.attempts,
        next_attempt_at: isFinal ? null : clock.now() + computeMailBackoffMs(Math.max(1, mail.attempts)),
        last_error: error.slice(0, 2000),
        locked_by: null,
        locked_until: null,
      })
      .where('id', '=', mail.id)
      .where('locked_by', '=', workerId)
      .execute();
  }

  /**
   * Records what happened to a mail, waiting out a database restart (up to RECORD_PATIENCE_MS): a
   * mail the SMTP server took must be marked sent, or its lease runs out and it goes twice.
   */
  async function record(write: () => Promise<void>): Promise<void> {
    const giveUpAt = Date.now() + RECORD_PATIENCE_MS;
    for (let delay = 100; ; delay = Math.min(delay * 2, 2000)) {
      try {
        return await write();
      } catch (error) {
        if (classifyDatabaseFailure(error) !== 'unavailable' || Date.now() + delay > giveUpAt) throw error;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  async function sendBatch({ transport, mails }: { transport: MailTransport; mails: OutboxMail[] }) {
    const outcome = { sent: 0, retried: 0, failed: 0, isOutage: false };
    let next = 0;
    let databaseAway = false;
    const worker = async () => {
      while (next < mails.length) {
        const mail = mails[next++]!;
        // The database went away mid-batch: send nothing more that could not be recorded; these
        // go again when their lease runs out (or at once, if releasing them works).
        if (databaseAway) {
          await markFailed({ mail, error: 'not tried: the database was unreachable', isFinal: false, isUntried: true }).catch(() => undefined);
          continue;
        }
        if (outcome.isOutage) {
          await markFailed({ mail, error: 'not tried: the SMTP server was unreachable', isFinal: false, isUntried: true });
          outcome.retried++;
          continue;
        }
        try {
          await transport.send({
            to: { name: mail.to_name ?? '', address: mail.to_address },
            subject: mail.subject,
            text: mail.text_body,
            html: mail.html_body,
            messageId: mail.message_id,
            inReplyTo: mail.in_reply_to,
            references: mail.references_header ? mail.references_header.split(' ') : [],
            headers: mail.headers ? (JSON.parse(mail.headers) as Record<string, string>) : {},
            date: new Date(clock.now()),
          });
        } catch (error) {
          const failure = classifySmtpError(error);
          const message = error instanceof Error ? error.message : String(error);
          if (failure === 'outage') outcome.isOutage = true;
          await record(() => markFailed({ mail, error: message, isFinal: failure === 'permanent' })).catch((dbError: unknown) => {
            databaseAway = true;
            throw dbError;
          });
          if (failure === 'permanent') outcome.failed++;
          else outcome.retried++;
          logger.warn({ mailId: mail.id, template: mail.template, failure, err: message }, 'mail not sent');
          continue;
        }
        await record(() => markSent(mail)).catch((dbError: unknown) => {
          databaseAway = true;
          throw dbError;
        });
        outcome.sent++;
      }
    };
    // Every worker finishes before the transport closes; a database error is raised after that
    // (the mails it left "sending" go again when their lease runs out).
    const settled = await Promise.allSettled(Array.from({ length: Math.min(concurrency, mails.length) }, worker));
    const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failure) throw failure.reason;
    return outcome;
  }

  return {
    workerId,

    /** Sends what is due (at most `maxBatches` batches per run); nothing while SMTP is not configured. */
    async deliverQueued({ maxBatches = 20 }: { maxBatches?: number } = {}): Promise<{ sent: number; retried: number; failed: number }> {
      const total = { sent: 0, retried: 0, failed: 0 };
      if (!settings.outbound) return total;
      let transport: MailTransport | undefined;
      try {
        for (let i = 0; i < maxBatches; i++) {
          const mails = await claim(batchSize);
          if (mails.length === 0) break;
          transport ??= createTransport(settings.outbound);
          const outcome = await sendBatch({ transport, mails });
          total.sent += outcome.sent;
          total.retried += outcome.retried;
          total.failed += outcome.failed;
          if (outcome.isOutage) break;
        }
      } finally {
        transport?.close();
      }
      if (total.sent + total.retried + total.failed > 0) logger.info(total, 'mail delivery run');
      return total;
    },

    /** What admins see: whether mail is configured and how the outbox stands. */
    async status(): Promise<{ outboundConfigured: boolean; inboundMailboxes: number; queued: number; failed: number; oldestQueuedAt: number | null }> {
      const rows = await db
        .selectFrom('mail_outbox')
        .select((eb) => ['status', eb.fn.countAll<number>().as('n'), eb.fn.min('created_at').as('oldest')])
        .where('status', 'in', ['queued', 'sending', 'failed'])
        .groupBy('status')
        .execute();
      const count = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0);
      const waiting = rows.filter((r) => r.status !== 'failed').map((r) => Number(r.oldest));
      return {
        outboundConfigured: settings.outbound !== null,
        inboundMailboxes: settings.mailboxes.length,
        queued: count('queued') + count('sending'),
        failed: count('failed'),
        oldestQueuedAt: waiting.length > 0 ? Math.min(...waiting) : null,
      };
    },
  };
}
