import { ImapFlow } from 'imapflow';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { MailInbound } from './mail.inbound.js';
import type { MailboxSettings, MailSettings } from './mail.settings.js';

export type MailboxPoller = ReturnType<typeof createMailboxPoller>;

/**
 * Polls the configured mailboxes (from the job runner, never from a web request). Each mailbox
 * remembers the highest UID it processed under its UIDVALIDITY; a new or reset mailbox starts with
 * its unread mail. A mail that fails twice in a row is skipped (and stays in the mailbox), so one
 * broken mail cannot stop the rest.
 */
export function createMailboxPoller({
  db,
  clock,
  logger,
  settings,
  inbound,
}: {
  db: Db;
  clock: Clock;
  logger: Logger;
  settings: MailSettings;
  inbound: MailInbound;
}) {
  async function saveState({ mailbox, uidValidity, lastUid, error }: { mailbox: MailboxSettings; uidValidity: string; lastUid: number; error: string | null }) {
    const now = clock.now();
    const row = { uid_validity: uidValidity, last_uid: lastUid, last_polled_at: now, last_error: error, updated_at: now };
    await db
      .insertInto('mail_mailboxes')
      .values({ name: mailbox.name, ...row })
      .onConflict((oc) => oc.column('name').doUpdateSet(row))
      .execute();
  }

  async function pollMailbox(mailbox: MailboxSettings): Promise<{ processed: number }> {
    const state = await db.selectFrom('mail_mailboxes').selectAll().where('name', '=', mailbox.name).executeTakeFirst();
    const client = new ImapFlow({
      host: mailbox.host,
      port: mailbox.port,
      secure: mailbox.secure,
      auth: { user: mailbox.user, pass: mailbox.password },
      logger: false,
      disableAutoIdle: true,
      connectionTimeout: 30_000,
    });
    client.on('error', (error: Error) => logger.warn({ mailbox: mailbox.name, err: error.message }, 'IMAP connection error'));
    let processed = 0;
    try {
      await client.connect();
    } catch (error) {
      await saveState({ mailbox, uidValidity: state?.uid_validity ?? '', lastUid: state?.last_uid ?? 0, error: `connect: ${(error as Error).message}` });
      throw error;
    }
    try {
      const lock = await client.getMailboxLock(mailbox.folder);
      try {
        const uidValidity = String(client.mailbox ? client.mailbox.uidValidity : '');
        const isKnown = state !== undefined && state.uid_validity === uidValidity;
        let lastUid = isKnown ? state.last_uid : 0;
        const found = isKnown ? await client.search({ uid: `${lastUid + 1}:*` }, { uid: true }) : await client.search({ seen: false }, { uid: true });
        // "N:*" also matches the last message when N is past it, hence the filter.
        const uids = (found || []).filter((uid) => uid > lastUid).sort((a, b) => a - b);
        for (const uid of uids) {
          const message = await client.fetchOne(String(uid), { uid: true, source: true, internalDate: true }, { uid: true });
          if (!message || !message.source) continue;
          const receivedAt = message.internalDate ? new Date(message.internalDate).getTime() : clock.now();
          try {
            const { outcome } = await inbound.processMail({ mailbox, raw: message.source, receivedAt });
            logger.info({ mailbox: mailbox.name, uid, outcome }, 'inbound mail');
          } catch (error) {
            const text = `uid ${uid}: ${(error as Error).message}`;
            if (!state?.last_error?.startsWith(`uid ${uid}:`)) {
              await saveState({ mailbox, uidValidity, lastUid, error: text });
              throw error;
            }
            logger.error({ mailbox: mailbox.name, uid, err: error }, 'inbound mail skipped after failing twice; it stays in the mailbox');
          }
          await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
          lastUid = uid;
          processed++;
          await saveState({ mailbox, uidValidity, lastUid, error: null });
        }
        await saveState({ mailbox, uidValidity, lastUid, error: null });
      } finally {
        lock.release();
      }
    } finally {
      await client.logout().catch(() => undefined);
    }
    return { processed };
  }

  return {
    /** Polls every configured mailbox once; a mailbox that fails does not stop the others. */
    async pollAll(): Promise<{ processed: number; failedMailboxes: number }> {
      let processed = 0;
      let failedMailboxes = 0;
      for (const mailbox of settings.mailboxes) {
        try {
          processed += (await pollMailbox(mailbox)).processed;
        } catch (error) {
          failedMailboxes++;
          logger.warn({ mailbox: mailbox.name, err: (error as Error).message }, 'mailbox poll failed; trying again next time');
        }
      }
      return { processed, failedMailboxes };
    },
    pollMailbox,
  };
}
