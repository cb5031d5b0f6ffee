import type { Db, DbOrTrx, DialectName } from '../../db/database.js';
import type { Ticket, TicketKind, TicketMessage, User } from '../../db/types.js';
import type { Clock } from '../../shared/clock.js';
import { readWorkspaceSettings } from '../settings/settings.workspace.js';
import { createId } from '../../shared/ids.js';
import { renderMarkdown } from '../../shared/markdown.js';
import { isStaff, normalizeEmail, type Language } from '../accounts/accounts.models.js';
import { createAccountsRepository } from '../accounts/accounts.repository.js';
import type { CalendarUsecases } from '../calendar/calendar.usecases.js';
import { createLicensesRepository } from '../licenses/licenses.repository.js';
import type { LicensesUsecases } from '../licenses/licenses.usecases.js';
import { createSettingsRepository } from '../settings/settings.repository.js';
import type { TicketNotifier } from '../notifications/notifications.usecases.js';
import type { MessageClock } from './tickets.clock.js';
import { createClockOps } from './tickets.clockops.js';
import { DECLINE_EXPLANATIONS_SETTING, DEFAULT_DECLINE_EXPLANATIONS, type DeclineExplanations } from './tickets.declines.js';
import { ticketsErrors } from './tickets.errors.js';
import type { TicketChange, TicketEventBus } from './tickets.events.js';
import { isSupportKind, statusAfterCustomerMessage, type DeclineReason } from './tickets.models.js';
import { canViewTicket } from './tickets.policy.js';
import { createTicketsRepository } from './tickets.repository.js';
import { indexTicket } from './tickets.search.js';
import { cleanLabel } from '../../shared/text.js';
import { maskSecrets } from '../vault/vault.secrets.js';

export type TicketsUsecases = ReturnType<typeof createTicketsUsecases>;
export type MessageSource = TicketMessage['source'];

export interface TicketsDeps {
  db: Db;
  dialect: DialectName;
  clock: Clock;
  licenses: LicensesUsecases;
  calendar: CalendarUsecases;
  events: TicketEventBus;
  /** Set while round robin is on (SUPPORTDESK_ROUND_ROBIN): enqueues the new ticket's assignment in its creation transaction. */
  enqueueAutoAssign?: (args: { trx: DbOrTrx; ticketId: string; kind: TicketKind }) => Promise<void>;
  /** Writes the mails a change causes into the outbox, inside the change's transaction. */
  notify?: TicketNotifier;
}

interface NewMessageInput {
  body: string;
  attachmentIds?: string[];
  source?: MessageSource;
  /** When the message reached us (a mailbox's receive time); defaults to now. */
  arrivedAt?: number;
  /** A mail's Message-ID: the same one twice makes one message. */
  externalId?: string;
}

export function createTicketsUsecases(deps: TicketsDeps) {
  const { db, dialect, clock, licenses, calendar, events } = deps;
  const clockOps = createClockOps({ calendar, licenses });

  /** A ticket the actor may see, or "not found" (never revealing another customer's ticket). */
  async function findVisibleTicket({ actor, ticketId, trx = db }: { actor: User; ticketId: string; trx?: DbOrTrx }): Promise<Ticket> {
    const ticket = await createTicketsRepository({ db: trx }).findTicket({ id: ticketId });
    if (!ticket || !canViewTicket({ user: actor, ticket })) throw ticketsErrors.notFound();
    return ticket;
  }

  async function linkAttachments({
    trx,
    ids,
    uploaderId,
    ticketId,
    messageId,
  }: {
    trx: DbOrTrx;
    ids: string[];
    uploaderId: string;
    ticketId: string;
    messageId: string;
  }): Promise<void> {
    if (ids.length === 0) return;
    const result = await trx
      .updateTable('attachments')
      .set({ ticket_id: ticketId, message_id: messageId })
      .where('id', 'in', ids)
      .where('uploader_id', '=', uploaderId)
      .where('message_id', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== new Set(ids).size) throw ticketsErrors.attachmentNotFound();
  }

  async function insertCustomerMessage({
    trx,
    ticket,
    clockState,
    authorId,
    uploaderId = authorId,
    input,
    at,
  }: {
    trx: DbOrTrx;
    ticket: Ticket;
    clockState: MessageClock;
    authorId: string;
    /** Whose uploads may be attached: the author, or the agent who opens a ticket for a customer. */
    uploaderId?: string;
    input: NewMessageInput;
    at: number;
  }): Promise<TicketMessage> {
    const arrivedAt = input.arrivedAt ?? at;
    // R7: what looks like credentials never reaches the database; the vault is the way to send them.
    const masked = maskSecrets(input.body);
    const message: TicketMessage = {
      id: createId(),
      ticket_id: ticket.id,
      author_id: authorId,
      author_role: 'customer',
      visibility: 'public',
      body: masked.text,
      body_html: renderMarkdown(masked.text),
      source: input.source ?? 'web',
      external_id: input.externalId ?? null,
      arrived_at: arrivedAt,
      is_waiting: 1,
      is_guaranteed: clockState.isGuaranteed ? 1 : 0,
      reply_due_at: clockState.replyDueAt,
      answered_at: null,
      answered_by: null,
      outcome: null,
      created_at: at,
    };
    await createTicketsRepository({ db: trx }).insertMessage({ message });
    if (masked.isMasked)
      await createTicketsRepository({ db: trx }).insertEvent({
        ticketId: ticket.id,
        actorId: null,
        type: 'secrets_masked',
        data: { messageId: message.id, kinds: masked.kinds },
        at,
      });
    await linkAttachments({ trx, ids: input.attachmentIds ?? [], uploaderId, ticketId: ticket.id, messageId: message.id });
    return message;
  }

  function publish(ticket: Ticket, type: TicketChange['type'], isInternal = false): void {
    events.publish({ type, ticketId: ticket.id, ticketNumber: ticket.number, customerId: ticket.customer_id, isInternal, at: clock.now() });
  }

  async function readDeclineExplanations(): Promise<DeclineExplanations> {
    return (await createSettingsRepository({ db }).read<DeclineExplanations>({ key: DECLINE_EXPLANATIONS_SETTING })) ?? DEFAULT_DECLINE_EXPLANATIONS;
  }

  /**
   * Opens a ticket with the customer's first message. Support kinds need entitlement (R1); an
   * agent may open one for a customer, whose clock then runs from creation as usual.
   */
  async function createTicket(
    input: NewMessageInput & {
      actor: User;
      kind: TicketKind;
      subject: string;
      licenseKey?: string;
      customerEmail?: string;
      site?: string;
      followUpOf?: string;
      trx?: DbOrTrx;
    },
  ): Promise<{ ticket: Ticket; message: TicketMessage }> {
    const { actor } = input;
    let customer = actor;
    if (isStaff(actor.role)) {
      if (!input.customerEmail) throw ticketsErrors.customerRequired();
      const found = await createAccountsRepository({ db }).findUserByEmail({ email: normalizeEmail(input.customerEmail) });
      if (!found || found.role !== 'customer') throw ticketsErrors.customerNotFound();
      customer = found;
    }
    const now = clock.now();
    // Read once when the message arrives now (web, API): the same entitlement decides eligibility and the guarantee.
    const entitlementNow = isSupportKind(input.kind) ? await licenses.entitlementOf({ customer, at: now }) : undefined;
    if (entitlementNow && !entitlementNow.supportEligible) throw ticketsErrors.supportNotEntitled();
    let licenseId: string | null = null;
    let site = input.site?.trim() || null;
    if (input.licenseKey) {
      const license = await createLicensesRepository({ db }).findByKey({ key: input.licenseKey });
      if (!license || license.customer_id !== customer.id) throw ticketsErrors.licenseNotFound();
      licenseId = license.id;
      site ??= (JSON.parse(license.domains) as string[])[0] ?? null;
    }
    const clockState = await clockOps.startClock({
      kind: input.kind,
      customer,
      arrivedAt: input.arrivedAt ?? now,
      entitlement: input.arrivedAt === undefined ? entitlementNow : undefined,
    });
    const run = async (trx: DbOrTrx) => {
      const repo = createTicketsRepository({ db: trx });
      const ticket: Ticket = {
        id: createId(),
        number: await repo.takeNextNumber({ dialect }),
        kind: input.kind,
        subject: maskSecrets(cleanLabel(input.subject) || '…').text,
        customer_id: customer.id,
        license_id: licenseId,
        site,
        status: 'open',
        priority: input.kind === 'emergency' ? 'urgent' : 'normal',
        assignee_id: null,
        created_by: actor.id,
        resolution: null,
        decline_reason: null,
        follow_up_of: input.followUpOf ?? null,
        merged_into: null,
        reply_due_at: clockState.replyDueAt,
        waiting_since: input.arrivedAt ?? now,
        is_guaranteed: clockState.isGuaranteed ? 1 : 0,
        last_customer_message_at: input.arrivedAt ?? now,
        last_agent_reply_at: null,
        rating: null,
        rating_comment: null,
        created_at: now,
        updated_at: now,
        resolved_at: null,
        closed_at: null,
      };
      await repo.insertTicket({ ticket });
      // The ticket already carries its first message's clock (due, arrival, guarantee).
      const message = await insertCustomerMessage({ trx, ticket, clockState, authorId: customer.id, uploaderId: actor.id, input, at: now });
      await repo.insertEvent({
        ticketId: ticket.id,
        actorId: actor.id,
        type: 'created',
        data: { kind: ticket.kind, onBehalfOf: actor.id === customer.id ? null : customer.id, followUpOf: ticket.follow_up_of },
        at: now,
      });
      // A new ticket's document is known: no need to read it back.
      await indexTicket({ db: trx, dialect, ticketId: ticket.id, known: { number: ticket.number, subject: ticket.subject, messages: [message] } });
      await deps.enqueueAutoAssign?.({ trx, ticketId: ticket.id, kind: ticket.kind });
      await deps.notify?.onTicketCreated({ trx, ticket, message, actor });
      return { ticket, message };
    };
    const result = input.trx ? await run(input.trx) : await db.transaction().execute(run);
    if (!input.trx) publish(result.ticket, 'ticket.created');
    return result;
  }

  /**
   * Adds a message. A customer's reply reopens the ticket and starts a new clock (a closed ticket
   * gets a linked follow-up instead); an agent's public reply answers every waiting message (R4)
   * and hands the turn to the customer; an internal note changes nothing else.
   */
  async function addMessage(
    input: NewMessageInput & { actor: User; ticketId: string; internal?: boolean; status?: 'open' | 'pending' | 'resolved' },
  ): Promise<{ ticket: Ticket; message: TicketMessage; followUp: boolean }> {
    const { actor } = input;
    const ticket = await findVisibleTicket({ actor, ticketId: input.ticketId });
    if (!isStaff(actor.role)) {
      if (input.internal) throw ticketsErrors.internalNotAllowed();
      if (statusAfterCustomerMessage(ticket.status) === 'follow_up') {
        const { ticket: followUp, message } = await createTicket({
          ...input,
          actor,
          kind: ticket.kind,
          subject: ticket.subject,
          site: ticket.site ?? undefined,
          followUpOf: ticket.id,
        });
        return { ticket: followUp, message, followUp: true };
      }
    } else if (ticket.status === 'closed') {
      throw ticketsErrors.ticketClosed();
    }
    const now = clock.now();
    const clockState = isStaff(actor.role) ? undefined : await clockOps.startClock({ kind: ticket.kind, customer: actor, arrivedAt: input.arrivedAt ?? now });
    const hasTarget = await clockOps.hasTarget({ kind: ticket.kind });
    const takesTicket = isStaff(actor.role) && !input.internal && ticket.assignee_id === null && (await readWorkspaceSettings({ db })).replyTakesTicket;
    const result = await db.transaction().execute(async (trx) => {
      const repo = createTicketsRepository({ db: trx });
      let message: TicketMessage;
      if (clockState) {
        message = await insertCustomerMessage({ trx, ticket, clockState, authorId: actor.id, input, at: now });
        const reopened = ticket.status === 'resolved';
        await repo.updateTicket({
          id: ticket.id,
          changes: {
            status: 'open',
            last_customer_message_at: message.arrived_at,
            ...(reopened && { resolution: null, decline_reason: null, resolved_at: null }),
          },
        });
        if (ticket.status !== 'open')
          await repo.insertEvent({
            ticketId: ticket.id,
            actorId: actor.id,
            type: 'status_changed',
            data: { from: ticket.status, to: 'open', why: 'customer_reply' },
            at: now,
          });
        await clockOps.refreshTicketClock({ trx, ticketId: ticket.id, at: now });
        await deps.notify?.onCustomerReply({ trx, ticket, message });
      } else {
        message = await insertAgentMessage({ trx, ticket, actor, input, internal: input.internal ?? false, at: now });
        if (!input.internal) {
          await clockOps.endWaiting({ trx, ticket, at: now, by: message.id, how: { answered: { hasTarget } } });
          const to = input.status ?? 'pending';
          await repo.updateTicket({
            id: ticket.id,
            changes: {
              status: to,
              last_agent_reply_at: now,
              updated_at: now,
              ...(to === 'resolved' ? { resolved_at: now, resolution: 'answered' } : { resolved_at: null }),
            },
          });
          if (to !== ticket.status)
            await repo.insertEvent({
              ticketId: ticket.id,
              actorId: actor.id,
              type: 'status_changed',
              data: { from: ticket.status, to, why: 'agent_reply' },
              at: now,
            });
          await deps.notify?.onAgentReply({ trx, ticket, message, actor, isResolved: to === 'resolved' });
          if (takesTicket) await takeOnReply({ trx, ticket, actor, at: now });
        }
      }
      await repo.insertEvent({
        ticketId: ticket.id,
        actorId: actor.id,
        type: message.visibility === 'internal' ? 'note_added' : 'message_added',
        data: { messageId: message.id },
        at: now,
      });
      await indexTicket({ db: trx, dialect, ticketId: ticket.id });
      return { ticket: (await repo.findTicket({ id: ticket.id }))!, message, followUp: false };
    });
    publish(result.ticket, 'ticket.message', result.message.visibility === 'internal');
    return result;
  }

  /**
   * A public reply on an unassigned ticket makes the replying agent its assignee (unless an admin
   * turned that off). Conditional: if someone took the ticket meanwhile, it stays theirs.
   */
  async function takeOnReply({ trx, ticket, actor, at }: { trx: DbOrTrx; ticket: Ticket; actor: User; at: number }): Promise<void> {
    const taken = await trx
      .updateTable('tickets')
      .set({ assignee_id: actor.id, updated_at: at })
      .where('id', '=', ticket.id)
      .where('assignee_id', 'is', null)
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) !== 1) return;
    await createTicketsRepository({ db: trx }).insertEvent({
      ticketId: ticket.id,
      actorId: actor.id,
      type: 'assigned',
      data: { from: null, to: actor.id, why: 'reply' },
      at,
    });
  }

  async function insertAgentMessage({
    trx,
    ticket,
    actor,
    input,
    internal,
    at,
  }: {
    trx: DbOrTrx;
    ticket: Ticket;
    actor: User;
    input: NewMessageInput;
    internal: boolean;
    at: number;
  }): Promise<TicketMessage> {
    // R7 holds for agents too: a pasted credential in a reply or an internal note is masked.
    const body = maskSecrets(input.body).text;
    const message: TicketMessage = {
      id: createId(),
      ticket_id: ticket.id,
      author_id: actor.id,
      author_role: 'agent',
      visibility: internal ? 'internal' : 'public',
      body,
      body_html: renderMarkdown(body),
      source: input.source ?? 'web',
      external_id: input.externalId ?? null,
      arrived_at: at,
      is_waiting: 0,
      is_guaranteed: 0,
      reply_due_at: null,
      answered_at: null,
      answered_by: null,
      outcome: null,
      created_at: at,
    };
    await createTicketsRepository({ db: trx }).insertMessage({ message });
    await linkAttachments({ trx, ids: input.attachmentIds ?? [], uploaderId: actor.id, ticketId: ticket.id, messageId: message.id });
    return message;
  }

  /**
   * Declines with a reason (R6): the reason's explanation, in the customer's language, goes out as
   * the public reply (which answers the waiting messages), and the ticket is resolved as declined.
   */
  async function declineTicket({
    actor,
    ticketId,
    reason,
    note,
  }: {
    actor: User;
    ticketId: string;
    reason: DeclineReason;
    note?: string;
  }): Promise<{ ticket: Ticket; message: TicketMessage }> {
    const ticket = await findVisibleTicket({ actor, ticketId });
    if (ticket.status === 'closed') throw ticketsErrors.ticketClosed();
    if (ticket.resolution === 'declined') throw ticketsErrors.alreadyDeclined();
    const customer = await createAccountsRepository({ db }).findUserById({ id: ticket.customer_id });
    const language: Language = customer?.language ?? 'en';
    const explanation = (await readDeclineExplanations())[reason][language];
    const body = note?.trim() ? `${explanation}\n\n${note.trim()}` : explanation;
    const hasTarget = await clockOps.hasTarget({ kind: ticket.kind });
    const result = await db.transaction().execute(async (trx) => {
      const repo = createTicketsRepository({ db: trx });
      const now = clock.now();
      // The first write, and a conditional one: of two declines at once (in any process) the
      // second finds the ticket declined, or waits on the first one's row lock and then does, and
      // sends nothing.
      const claimed = await trx
        .updateTable('tickets')
        .set({ status: 'resolved', resolution: 'declined', decline_reason: reason, resolved_at: now, last_agent_reply_at: now, updated_at: now })
        .where('id', '=', ticket.id)
        .where('status', '!=', 'closed')
        .where((eb) => eb.or([eb('resolution', 'is', null), eb('resolution', '!=', 'declined')]))
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) throw ticketsErrors.alreadyDeclined();
      const message = await insertAgentMessage({ trx, ticket, actor, input: { body }, internal: false, at: now });
      await clockOps.endWaiting({ trx, ticket, at: now, by: message.id, how: { answered: { hasTarget } } });
      await repo.insertEvent({
        ticketId: ticket.id,
        actorId: actor.id,
        type: 'declined',
        data: { reason, from: ticket.status, messageId: message.id },
        at: now,
      });
      await deps.notify?.onAgentReply({ trx, ticket, message, actor, isResolved: true, isDeclined: true });
      await indexTicket({ db: trx, dialect, ticketId: ticket.id });
      return { ticket: (await repo.findTicket({ id: ticket.id }))!, message };
    });
    publish(result.ticket, 'ticket.message');
    return result;
  }

  return { findVisibleTicket, createTicket, addMessage, declineTicket, readDeclineExplanations, clockOps, publish };
}
