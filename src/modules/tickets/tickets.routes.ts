import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { assertIfMatch, etagOf } from '../../http/etag.js';
import { ADMINS, ALL_ROLES, getPrincipal, STAFF } from '../../http/principal.js';
import { problemResponses, problemSchema, uuidParam } from '../../http/schemas.js';
import type { AppInstance } from '../../http/types.js';
import { commonErrors } from '../../shared/errors.js';
import { isStaff } from '../accounts/accounts.models.js';
import { createAccountsRepository } from '../accounts/accounts.repository.js';
import { createSettingsRepository } from '../settings/settings.repository.js';
import { VAULT_TIMELINE_EVENTS } from '../vault/vault.models.js';
import { DECLINE_EXPLANATIONS_SETTING } from './tickets.declines.js';
import { countQueues, listTickets, type TicketFilters } from './tickets.queues.js';
import { createTicketsRepository } from './tickets.repository.js';
import { listTicketsUpdatedSince } from './tickets.sync.js';
import {
  addMessageBody,
  createTicketBody,
  declineBody,
  declineExplanationsSchema,
  listTicketsQuery,
  mergeBody,
  patchTicketBody,
  ratingBody,
  ticketAndMessageSchema,
  ticketDetailSchema,
  ticketListItemSchema,
  ticketSchema,
} from './tickets.schemas.js';
import { messageForViewer, ticketForViewer, toEventView, toMessageView, toTicketView } from './tickets.views.js';
import type { Ticket, TicketMessage, User } from '../../db/types.js';
import type { DbOrTrx } from '../../db/database.js';

const tags = ['tickets'];
// Timeline entries a customer may see: nothing that names internal notes or assignment.
const CUSTOMER_EVENTS = new Set(['created', 'status_changed', 'declined', 'merged', 'merged_in', 'rated', 'message_added', ...VAULT_TIMELINE_EVENTS]);

export function registerTicketsRoutes(app: AppInstance, deps: AppDeps): void {
  const { db, dialect, clock, tickets, ticketActions } = deps;

  // ETag of a ticket: its row and tags (not `breached`, which turns with time alone).
  async function ticketEtag(ticket: Ticket, trx: DbOrTrx = db): Promise<string> {
    const tagsOf = await createTicketsRepository({ db: trx }).listTags({ ticketIds: [ticket.id] });
    return etagOf([ticket, tagsOf.get(ticket.id) ?? []]);
  }

  /** The ticket as the caller's screens show it (customers get no internal fields). */
  async function present(ticket: Ticket, viewer: User) {
    const repo = createTicketsRepository({ db });
    const tagsOf = await repo.listTags({ ticketIds: [ticket.id] });
    const license = ticket.license_id ? await db.selectFrom('licenses').select('key').where('id', '=', ticket.license_id).executeTakeFirst() : undefined;
    return ticketForViewer(toTicketView({ ticket, tags: tagsOf.get(ticket.id) ?? [], now: clock.now(), licenseKey: license?.key }), {
      isStaff: isStaff(viewer.role),
    });
  }

  /** 404 for a ticket the caller cannot see; 403 for a customer on their own ticket. */
  async function requireAgentOnVisibleTicket(ticketId: string, user: User): Promise<void> {
    await tickets.findVisibleTicket({ actor: user, ticketId });
    if (!isStaff(user.role)) throw commonErrors.forbidden({ message: 'Only agents do this.' });
  }

  async function presentMessage(message: TicketMessage, viewer: User) {
    const attachments = await db.selectFrom('attachments').selectAll().where('message_id', '=', message.id).execute();
    return messageForViewer(toMessageView({ message, attachments }), { isStaff: isStaff(viewer.role) });
  }

  app.post('/api/v1/tickets', {
    config: { access: { roles: ALL_ROLES } },
    schema: { tags, summary: 'Open a ticket (agents: on behalf of a customer)', body: createTicketBody, response: { 201: ticketSchema, ...problemResponses } },
    handler: async (request, reply) => {
      const { ticket } = await tickets.createTicket({
        ...request.body,
        actor: getPrincipal(request).user,
        source: getPrincipal(request).via === 'token' ? 'api' : 'web',
      });
      // A new ticket has no tags yet and its license is the one asked for: nothing to read back.
      const view = toTicketView({ ticket, tags: [], now: clock.now(), licenseKey: ticket.license_id ? request.body.licenseKey : null });
      return reply.code(201).send(ticketForViewer(view, { isStaff: isStaff(getPrincipal(request).user.role) }));
    },
  });

  app.get('/api/v1/tickets', {
    config: { access: { roles: ALL_ROLES } },
    schema: {
      tags,
      summary: "Tickets: an agent queue with filters and search, or a customer's own tickets",
      querystring: listTicketsQuery,
      response: { 200: z.object({ items: z.array(ticketListItemSchema), nextCursor: z.string().nullable() }), ...problemResponses },
    },
    handler: async (request) => {
      const { user } = getPrincipal(request);
      const { queue, scope, limit, cursor, customerEmail, updatedSince, sort, createdFrom, createdTo, updatedFrom, updatedTo, ...rest } = request.query;
      const instant = (value: string | undefined) => (value === undefined ? undefined : Date.parse(value));
      const filters: TicketFilters = {
        ...rest,
        createdFrom: instant(createdFrom),
        createdTo: instant(createdTo),
        updatedFrom: instant(updatedFrom),
        updatedTo: instant(updatedTo),
      };
      const staff = isStaff(user.role);
      if (customerEmail && staff) {
        const customer = await createAccountsRepository({ db }).findUserByEmail({ email: customerEmail });
        if (!customer || (filters.customerId && filters.customerId !== customer.id)) return { items: [], nextCursor: null };
        filters.customerId = customer.id;
      }
      if (
        updatedSince !== undefined &&
        (filters.q || queue !== 'all' || scope !== 'all' || filters.tag || sort || createdFrom || createdTo || updatedFrom || updatedTo)
      )
        throw commonErrors.invalidInput({ message: 'updatedSince cannot be combined with q, tag, queue, scope, sort or date ranges.' });
      const { rows, nextCursor, reasons } =
        updatedSince !== undefined
          ? {
              reasons: undefined,
              ...(await listTicketsUpdatedSince({ db, since: Date.parse(updatedSince), filters, viewer: { id: user.id, isStaff: staff }, limit, cursor })),
            }
          : await listTickets({
              db,
              dialect,
              queue: staff ? queue : 'all',
              // A customer's scope is part of the query, so that every page is full.
              filters: {
                ...filters,
                ...(!staff && scope === 'archive' && { status: 'closed' as const }),
                ...(!staff && scope === 'active' && { statuses: ['open' as const, 'pending' as const, 'resolved' as const] }),
              },
              viewer: { id: user.id, isStaff: staff },
              now: clock.now(),
              limit,
              cursor,
              sort,
            });
      const tagsOf = await createTicketsRepository({ db }).listTags({ ticketIds: rows.map((r) => r.id) });
      return {
        items: rows.map((row) => ({
          ...ticketForViewer(toTicketView({ ticket: row, tags: tagsOf.get(row.id) ?? [], now: clock.now(), licenseKey: row.license_key }), { isStaff: staff }),
          customer: { id: row.customer_id, name: row.customer_name, email: row.customer_email },
          ...(reasons && { matchedBy: reasons.get(row.id) ?? [] }),
        })),
        nextCursor,
      };
    },
  });

  app.get('/api/v1/queues', {
    config: { access: { roles: STAFF } },
    schema: { tags, summary: 'How many tickets each agent queue holds', response: { 200: z.record(z.string(), z.number()), ...problemResponses } },
    handler: async (request) => countQueues({ db, viewerId: getPrincipal(request).user.id, now: clock.now() }),
  });

  app.get('/api/v1/tickets/:id', {
    config: { access: { roles: ALL_ROLES } },
    schema: { tags, summary: 'A ticket with its conversation and timeline', params: uuidParam, response: { 200: ticketDetailSchema, ...problemResponses } },
    handler: async (request, reply) => {
      const { user } = getPrincipal(request);
      const ticket = await tickets.findVisibleTicket({ actor: user, ticketId: request.params.id });
      void reply.header('etag', await ticketEtag(ticket));
      const staff = isStaff(user.role);
      const repo = createTicketsRepository({ db });
      const messages = await repo.listMessages({ ticketId: ticket.id, includeInternal: staff });
      const attachments = messages.length
        ? await db
            .selectFrom('attachments')
            .selectAll()
            .where(
              'message_id',
              'in',
              messages.map((m) => m.id),
            )
            .execute()
        : [];
      const events = (await repo.listEvents({ ticketId: ticket.id })).filter((e) => staff || CUSTOMER_EVENTS.has(e.type));
      const customer = (await createAccountsRepository({ db }).findUserById({ id: ticket.customer_id }))!;
      return {
        ticket: await present(ticket, user),
        customer: { id: customer.id, name: customer.name, email: customer.email },
        messages: messages.map((message) =>
          messageForViewer(toMessageView({ message, attachments: attachments.filter((a) => a.message_id === message.id) }), { isStaff: staff }),
        ),
        events: events.map(toEventView),
      };
    },
  });

  app.post('/api/v1/tickets/:id/messages', {
    config: { access: { roles: ALL_ROLES } },
    schema: {
      tags,
      summary: 'Reply or add an internal note; a reply to a closed ticket opens a linked follow-up',
      params: uuidParam,
      body: addMessageBody,
      response: { 201: ticketAndMessageSchema, ...problemResponses },
    },
    handler: async (request, reply) => {
      const principal = getPrincipal(request);
      const result = await tickets.addMessage({
        ...request.body,
        actor: principal.user,
        ticketId: request.params.id,
        source: principal.via === 'token' ? 'api' : 'web',
      });
      return reply.code(201).send({
        ticket: await present(result.ticket, principal.user),
        message: await presentMessage(result.message, principal.user),
        followUp: result.followUp,
      });
    },
  });

  // Decline and merge are agents' moves, but they take ALL_ROLES so that a customer naming another
  // customer's ticket gets 404 like everywhere else, and 403 only for their own.
  app.post('/api/v1/tickets/:id/decline', {
    config: { access: { roles: ALL_ROLES } },
    schema: {
      tags,
      summary: 'Decline with a reason; its explanation is sent to the customer',
      params: uuidParam,
      body: declineBody,
      response: { 200: ticketAndMessageSchema, ...problemResponses },
    },
    handler: async (request) => {
      await requireAgentOnVisibleTicket(request.params.id, getPrincipal(request).user);
      const result = await tickets.declineTicket({ ...request.body, actor: getPrincipal(request).user, ticketId: request.params.id });
      const { user } = getPrincipal(request);
      return { ticket: await present(result.ticket, user), message: await presentMessage(result.message, user), followUp: false };
    },
  });

  app.patch('/api/v1/tickets/:id', {
    config: { access: { roles: ALL_ROLES } },
    schema: {
      tags,
      summary: 'Change status, priority, tags, subject, kind or assignee (customers: resolve only)',
      description: 'With `If-Match: <ETag of GET /api/v1/tickets/{id}>`, a ticket changed since answers 412 and nothing is written.',
      params: uuidParam,
      headers: z.looseObject({ 'if-match': z.string().max(200).optional() }),
      body: patchTicketBody,
      response: { 200: ticketSchema, ...problemResponses, 412: problemSchema },
    },
    handler: async (request, reply) => {
      const { user } = getPrincipal(request);
      const { status, assigneeId, ...fields } = request.body;
      const ticketId = request.params.id;
      await tickets.findVisibleTicket({ actor: user, ticketId });
      if (!isStaff(user.role) && (assigneeId !== undefined || Object.keys(fields).length > 0 || (status !== undefined && status !== 'resolved')))
        throw commonErrors.forbidden({ message: 'Customers can only resolve their ticket.' });
      // The If-Match check runs on the ticket's row locked in the transaction that writes.
      const { ticket } = await ticketActions.patch({
        actor: user,
        ticketId,
        changes: request.body,
        check: async ({ trx, ticket: locked }) => assertIfMatch(request, await ticketEtag(locked, trx)),
      });
      void reply.header('etag', await ticketEtag(ticket));
      return present(ticket, user);
    },
  });

  app.post('/api/v1/tickets/:id/merge', {
    config: { access: { roles: ALL_ROLES } },
    schema: {
      tags,
      summary: 'Merge this ticket into another of the same customer',
      params: uuidParam,
      body: mergeBody,
      response: { 200: ticketSchema, ...problemResponses },
    },
    handler: async (request) => {
      await requireAgentOnVisibleTicket(request.params.id, getPrincipal(request).user);
      const { user } = getPrincipal(request);
      return present((await ticketActions.merge({ actor: user, sourceId: request.params.id, targetId: request.body.targetId })).ticket, user);
    },
  });

  app.post('/api/v1/tickets/:id/rating', {
    config: { access: { roles: ALL_ROLES } },
    schema: {
      tags,
      summary: 'Rate a resolved ticket (the customer)',
      params: uuidParam,
      body: ratingBody,
      response: { 200: ticketSchema, ...problemResponses },
    },
    handler: async (request) => {
      const { user } = getPrincipal(request);
      return present((await ticketActions.rate({ actor: user, ticketId: request.params.id, ...request.body })).ticket, user);
    },
  });

  app.get('/api/v1/decline-reasons', {
    config: { access: { roles: STAFF } },
    schema: {
      tags,
      summary: 'The explanation sent with each decline reason, in English and Russian',
      response: { 200: declineExplanationsSchema, ...problemResponses },
    },
    handler: async () => tickets.readDeclineExplanations(),
  });

  app.put('/api/v1/decline-reasons', {
    config: { access: { roles: ADMINS } },
    schema: {
      tags,
      summary: 'Edit the decline explanations',
      body: declineExplanationsSchema,
      response: { 200: declineExplanationsSchema, ...problemResponses },
    },
    handler: async (request) => {
      const current = await tickets.readDeclineExplanations();
      const next = { ...current, ...request.body };
      await createSettingsRepository({ db }).write({ key: DECLINE_EXPLANATIONS_SETTING, value: next, at: clock.now(), by: getPrincipal(request).user.id });
      return next;
    },
  });
}
