import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { ALL_ROLES, getPrincipal, STAFF, type Principal } from '../../http/principal.js';
import { noContent, problemResponses, uuidParam } from '../../http/schemas.js';
import type { AppInstance } from '../../http/types.js';
import { isStaff } from '../accounts/accounts.models.js';
import { SESSION_COOKIE } from '../auth/auth.models.js';
import type { TicketChange } from '../tickets/tickets.events.js';
import { formatSseEvent, isVisibleTo } from './live.models.js';
import { eventStreamResponse } from './live.schemas.js';
import { createStreamRegistry, startEventStream } from './live.stream.js';
import { createLiveUsecases } from './live.usecases.js';

const tags = ['live'];

/** `GET /api/v1/events` (Server-Sent Events) and the "someone is replying" announcement. */
export function registerLiveRoutes(app: AppInstance, deps: AppDeps): void {
  const { events, tickets, clock, auth, tokens } = deps;
  const live = createLiveUsecases({ events, tickets, clock });
  const streams = createStreamRegistry();
  // One id per change, the same for every viewer; monotonic within this process.
  const eventIds = new WeakMap<TicketChange, number>();
  let lastEventId = 0;
  const idOf = (change: TicketChange): number => {
    let id = eventIds.get(change);
    if (id === undefined) {
      id = ++lastEventId;
      eventIds.set(change, id);
    }
    return id;
  };

  // Open streams would otherwise hold app.close() (and a graceful shutdown) until every browser leaves.
  app.addHook('preClose', async () => {
    streams.endAll();
  });

  /** The credential that opened the stream still works and still belongs to the same person in the same role. */
  async function isStillAllowed(request: FastifyRequest, principal: Principal): Promise<boolean> {
    const found =
      principal.via === 'token'
        ? await tokens.authenticateToken({ secret: /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '' })
        : await auth.authenticateSession({ token: request.cookies[SESSION_COOKIE] ?? '' });
    return found?.user.id === principal.user.id && found.user.role === principal.user.role;
  }

  app.get('/api/v1/events', {
    config: { access: { roles: ALL_ROLES } },
    schema: { tags, summary: 'Live ticket changes for the caller (Server-Sent Events)', response: { 200: eventStreamResponse, ...problemResponses } },
    handler: async (request, reply) => {
      const principal = getPrincipal(request);
      const viewer = { id: principal.user.id, isStaff: isStaff(principal.user.role) };
      let unsubscribe: () => void = () => undefined;
      let forget: () => void = () => undefined;
      let isChecking = false;
      const stream = startEventStream({
        reply,
        onClose: () => {
          unsubscribe();
          forget();
        },
        // A signed-out, disabled or demoted viewer stops receiving within one heartbeat.
        onHeartbeat: () => {
          if (isChecking) return;
          isChecking = true;
          isStillAllowed(request, principal)
            .then(
              (isAllowed) => {
                if (!isAllowed) stream.end();
              },
              (error: unknown) => request.log.warn({ err: error }, 'live updates: could not re-check the viewer; keeping the stream'),
            )
            .finally(() => {
              isChecking = false;
            });
        },
      });
      forget = streams.add(stream);
      // Subscribed before this handler yields, so nothing published after the headers went out is missed.
      unsubscribe = events.subscribe((change) => {
        if (isVisibleTo({ change, viewer })) stream.write(formatSseEvent({ id: idOf(change), change }));
      });
    },
  });

  app.post('/api/v1/tickets/:id/typing', {
    config: { access: { roles: STAFF } },
    schema: {
      tags,
      summary: 'Tell the other agents you are replying on this ticket',
      description:
        'Sends a transient `ticket.typing` event to the other agents watching `/api/v1/events` (never to the customer). ' +
        'Call it while typing; repeats within 3 s per agent and ticket are accepted and dropped.',
      params: uuidParam,
      response: { 204: noContent, ...problemResponses },
    },
    handler: async (request, reply) => {
      await live.announceTyping({ actor: getPrincipal(request).user, ticketId: request.params.id });
      return reply.code(204).send(null);
    },
  });
}
