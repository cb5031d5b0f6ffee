import pg from 'pg';
import type { Logger } from '../../shared/logger.js';
import type { TicketChange, TicketEventBus } from '../tickets/tickets.events.js';
import { relayedChangeSchema } from './live.schemas.js';

/** The NOTIFY channel every Supportdesk process on one database listens on. */
export const EVENTS_CHANNEL = 'supportdesk_events';
// PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; a change is ~250 bytes, so this is a guard.
const MAX_PAYLOAD_BYTES = 7900;
const CHANNEL_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

export interface PgEventRelay {
  /** Resolves once the first LISTEN is in place (it may take retries if the database is away). */
  ready: Promise<void>;
  isListening(): boolean;
  /** Stops listening; changes published afterwards reach this process's viewers only. */
  close(): Promise<void>;
}

/**
 * Relays ticket changes between processes through PostgreSQL LISTEN/NOTIFY on one dedicated connection
 * (not the Kysely pool: a listening session must stay open). Every change this process publishes goes
 * out as NOTIFY and comes back, like everyone else's, as a notification delivered to local viewers.
 * While the connection is down it reconnects with backoff, and changes go to local viewers directly.
 * The channel is database-wide (not per schema); tests pass their own to keep parallel files apart.
 */
export function createPgEventRelay({
  databaseUrl,
  bus,
  logger,
  channel = EVENTS_CHANNEL,
  backoff = { initialMs: 250, maxMs: 30_000 },
}: {
  databaseUrl: string;
  bus: TicketEventBus;
  logger: Logger;
  channel?: string;
  backoff?: { initialMs: number; maxMs: number };
}): PgEventRelay {
  if (!CHANNEL_PATTERN.test(channel)) throw new Error(`Invalid NOTIFY channel name: ${channel}`);
  let listening: pg.Client | undefined;
  let isClosed = false;
  let failures = 0;
  let retryTimer: NodeJS.Timeout | undefined;
  const dropped = new WeakSet<pg.Client>();
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  function deliver(payload: string): void {
    let change: TicketChange;
    try {
      change = relayedChangeSchema.parse(JSON.parse(payload));
    } catch {
      logger.warn({ channel }, 'live updates: ignored a malformed notification');
      return;
    }
    try {
      bus.publishLocal(change);
    } catch (error) {
      logger.error({ err: error }, 'live updates: a viewer failed on a relayed change');
    }
  }

  function drop(client: pg.Client, error?: unknown): void {
    // 'error' and 'end' both arrive for one lost connection; handle it once.
    if (dropped.has(client)) return;
    dropped.add(client);
    if (listening === client) listening = undefined;
    client.end().catch(() => undefined);
    if (isClosed) return;
    const delay = Math.min(backoff.maxMs, backoff.initialMs * 2 ** failures) * (0.75 + Math.random() / 2);
    failures += 1;
    logger.warn({ err: error, retryInMs: Math.round(delay) }, 'live updates: lost the PostgreSQL LISTEN connection; reconnecting');
    retryTimer = setTimeout(() => void connect(), delay);
  }

  async function connect(): Promise<void> {
    retryTimer = undefined;
    if (isClosed) return;
    const client = new pg.Client({ connectionString: databaseUrl, application_name: `supportdesk-events:${channel}`.slice(0, 63) });
    client.on('notification', (message) => {
      if (message.channel === channel && message.payload) deliver(message.payload);
    });
    client.on('error', (error) => drop(client, error));
    client.on('end', () => drop(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
    } catch (error) {
      drop(client, error);
      return;
    }
    if (isClosed || dropped.has(client)) {
      await client.end().catch(() => undefined);
      return;
    }
    listening = client;
    if (failures > 0) logger.info({ channel }, 'live updates: listening again');
    failures = 0;
    markReady();
  }

  // One statement at a time on the LISTEN connection (pg queues overlapping queries on one client,
  // a use it deprecates): changes that come while a NOTIFY is in flight go together in the next one,
  // in order, so a burst of changes costs a few round trips instead of one each.
  let waiting: { change: TicketChange; payload: string }[] = [];
  let isSending = false;
  async function sendWaiting(client: pg.Client): Promise<void> {
    isSending = true;
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      try {
        // unnest yields the array in order; identical payloads in one batch arrive once (PostgreSQL folds
        // them within a transaction), which a viewer that refreshes on a change cannot tell apart.
        await client.query('select pg_notify($1, payload) from unnest($2::text[]) as payload', [channel, batch.map((item) => item.payload)]);
      } catch (error) {
        logger.warn({ err: error }, 'live updates: NOTIFY failed; told local viewers only');
        for (const item of batch) bus.publishLocal(item.change);
      }
    }
    isSending = false;
  }

  bus.addRelay((change) => {
    const payload = JSON.stringify(change);
    const client = listening;
    if (!client || Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) {
      bus.publishLocal(change);
      return;
    }
    waiting.push({ change, payload });
    if (!isSending) void sendWaiting(client);
  });

  void connect();
  return {
    ready,
    isListening: () => listening !== undefined,
    close: async () => {
      isClosed = true;
      if (retryTimer) clearTimeout(retryTimer);
      const client = listening;
      listening = undefined;
      if (client) {
        dropped.add(client);
        await client.end().catch(() => undefined);
      }
    },
  };
}
