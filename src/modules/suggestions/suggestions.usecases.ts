import type { Db, DialectName } from '../../db/database.js';
import type { SuggestionRequest, User } from '../../db/types.js';
import type { Clock } from '../../shared/clock.js';
import { isAppError } from '../../shared/errors.js';
import { createId, createSecret, hashSecret } from '../../shared/ids.js';
import type { Logger } from '../../shared/logger.js';
import { isStaff, isValidTimeZone, normalizeEmail, type Language } from '../accounts/accounts.models.js';
import { createAccountsRepository } from '../accounts/accounts.repository.js';
import type { AccountsUsecases } from '../accounts/accounts.usecases.js';
import type { MailOutbox } from '../mail/mail.outbox.js';
import type { TicketsUsecases } from '../tickets/tickets.usecases.js';
import { suggestionsErrors } from './suggestions.errors.js';
import { checkLimit, CONFIRM_TTL_MS, FORGET_AFTER_MS, isRobot, LIMITS, type PublicKind } from './suggestions.models.js';
import { createSuggestionsRepository } from './suggestions.repository.js';

export type SuggestionsUsecases = ReturnType<typeof createSuggestionsUsecases>;

interface Deps {
  db: Db;
  dialect: DialectName;
  clock: Clock;
  logger: Logger;
  mail: MailOutbox;
  accounts: AccountsUsecases;
  tickets: TicketsUsecases;
  publicUrl: string;
}

/** The ticket a confirmed request became. */
export interface ConfirmedSuggestion {
  ticketNumber: number;
  kind: PublicKind;
  /** An account was made for the address (its owner gets a mail to set a password). */
  isNewAccount: boolean;
}

// The ticket's first message names the request it came from, so confirming twice (two clicks, two
// processes, a retry after a crash) makes one ticket: external ids are unique.
const externalIdOf = (requestId: string) => `suggestion:${requestId}`;

/**
 * Suggestions and partnership requests from people who are not signed in: the form is kept until
 * the sender confirms the address by the mailed link; then the ticket opens in the account of that
 * address, made for them if needed.
 */
export function createSuggestionsUsecases({ db, dialect, clock, logger, mail, accounts, tickets, publicUrl }: Deps) {
  /** Checks the limits and keeps the request; mails the confirmation link. Robots get the same answer and nothing else. */
  async function submit(input: {
    name: string;
    email: string;
    kind: PublicKind;
    subject: string;
    body: string;
    language: Language;
    timeZone?: string;
    honeypot?: string;
    ip: string | null;
  }): Promise<void> {
    if (isRobot({ honeypot: input.honeypot })) {
      logger.info({ ip: input.ip }, 'public form: dropped a request that filled the hidden field');
      return;
    }
    const email = normalizeEmail(input.email);
    const now = clock.now();
    const token = createSecret();
    await db.transaction().execute(async (trx) => {
      const repo = createSuggestionsRepository({ db: trx });
      await repo.lockAddress({ dialect, email });
      const since = now - Math.max(LIMITS.perAddress.windowMs, LIMITS.perIp.windowMs);
      const recent = await repo.listRecent({ email, ip: input.ip, since });
      for (const [sentAt, limit] of [
        [recent.byAddress, LIMITS.perAddress],
        [recent.byIp, LIMITS.perIp],
      ] as const) {
        const { isAllowed, retryAfterSeconds } = checkLimit({ sentAt, now, limit });
        if (!isAllowed)
          throw suggestionsErrors.tooMany({ headers: { 'retry-after': String(retryAfterSeconds) }, params: { minutes: Math.ceil(retryAfterSeconds / 60) } });
      }
      const request: SuggestionRequest = {
        id: createId(),
        email,
        name: input.name.trim(),
        kind: input.kind,
        subject: input.subject.trim(),
        body: input.body,
        language: input.language,
        time_zone: input.timeZone && isValidTimeZone(input.timeZone) ? input.timeZone : null,
        ip: input.ip,
        token_hash: hashSecret(token),
        created_at: now,
        expires_at: now + CONFIRM_TTL_MS,
        confirmed_at: null,
        ticket_id: null,
      };
      await repo.insert({ request });
      await mail.enqueue({
        trx,
        to: email,
        toName: request.name,
        template: 'suggestion_confirm',
        language: request.language,
        name: request.name,
        link: `${publicUrl}/suggest/confirm?token=${token}`,
        about: request.subject,
      });
    });
  }

  /** The customer account of the address: found (and verified by this very link), or made. */
  async function findOrCreateCustomer(request: SuggestionRequest): Promise<{ customer: User; isNewAccount: boolean }> {
    const now = clock.now();
    return db.transaction().execute(async (trx) => {
      const repo = createAccountsRepository({ db: trx });
      await createSuggestionsRepository({ db: trx }).markConfirmed({ id: request.id, at: now });
      const existing = await repo.findUserByEmail({ email: request.email });
      if (existing) {
        if (isStaff(existing.role) || existing.disabled_at !== null) throw suggestionsErrors.addressUnavailable();
        // The link proved the address, as a verification link would.
        if (existing.email_verified_at !== null) return { customer: existing, isNewAccount: false };
        const verified = await repo.updateUser({ id: existing.id, changes: { email_verified_at: now, updated_at: now } });
        return { customer: verified ?? existing, isNewAccount: false };
      }
      const { user } = await accounts.createUser({
        trx,
        email: request.email,
        name: request.name,
        role: 'customer',
        language: request.language,
        timeZone: request.time_zone ?? undefined,
        invite: true,
      });
      return { customer: user, isNewAccount: true };
    });
  }

  async function findTicketOf(requestId: string): Promise<{ id: string; number: number } | undefined> {
    return db
      .selectFrom('ticket_messages')
      .innerJoin('tickets', 'tickets.id', 'ticket_messages.ticket_id')
      .select(['tickets.id', 'tickets.number'])
      .where('ticket_messages.external_id', '=', externalIdOf(requestId))
      .executeTakeFirst();
  }

  /** Opens the ticket of a confirmed request; the same link again answers with the same ticket. */
  async function confirm({ token }: { token: string }): Promise<ConfirmedSuggestion> {
    const request = await createSuggestionsRepository({ db }).findByTokenHash({ tokenHash: hashSecret(token) });
    const now = clock.now();
    if (!request || (request.confirmed_at === null && request.expires_at <= now)) throw suggestionsErrors.linkInvalid();
    const done = await findTicketOf(request.id);
    if (done) return { ticketNumber: done.number, kind: request.kind, isNewAccount: false };
    let account: { customer: User; isNewAccount: boolean };
    try {
      account = await findOrCreateCustomer(request);
    } catch (error) {
      // Two clicks at once: the other one made the account first.
      if (!isAppError(error) || error.code !== 'accounts.email_taken') throw error;
      account = await findOrCreateCustomer(request);
    }
    let ticket: { id: string; number: number };
    try {
      ({ ticket } = await tickets.createTicket({
        actor: account.customer,
        kind: request.kind,
        subject: request.subject,
        body: request.body,
        source: 'web',
        externalId: externalIdOf(request.id),
      }));
    } catch (error) {
      const made = await findTicketOf(request.id);
      if (!made) throw error;
      ticket = made;
    }
    await createSuggestionsRepository({ db }).setTicket({ id: request.id, ticketId: ticket.id });
    return { ticketNumber: ticket.number, kind: request.kind, isNewAccount: account.isNewAccount };
  }

  return {
    submit,
    confirm,
    /** Forgets requests never confirmed (job `suggestions.purge`). */
    async purgeUnconfirmed(): Promise<number> {
      return createSuggestionsRepository({ db }).purgeUnconfirmed({ before: clock.now() - FORGET_AFTER_MS });
    },
  };
}
