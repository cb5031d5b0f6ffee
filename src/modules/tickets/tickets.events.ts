import { EventEmitter } from 'node:events';

/** A change to a ticket, as told to live viewers (Server-Sent Events). */
export interface TicketChange {
  /** `ticket.typing` is transient presence ("an agent is replying"): staff only, never stored. */
  type: 'ticket.created' | 'ticket.updated' | 'ticket.message' | 'ticket.typing';
  ticketId: string;
  ticketNumber: number;
  customerId: string;
  /** True when only agents may learn of it (an internal note). */
  isInternal: boolean;
  at: number;
  /** The agent who is replying (`ticket.typing` only). */
  agentId?: string;
  agentName?: string;
}

export type TicketEventBus = ReturnType<typeof createTicketEventBus>;

/**
 * Fans ticket changes out to this process's live viewers. A transport (PostgreSQL LISTEN/NOTIFY)
 * can relay changes between processes through `publishLocal`.
 */
export function createTicketEventBus() {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const relays: ((change: TicketChange) => void)[] = [];
  return {
    /** Publishes a change to every process (after its transaction committed). */
    publish(change: TicketChange): void {
      if (relays.length === 0) emitter.emit('change', change);
      for (const relay of relays) relay(change);
    },
    /** Delivers a change to this process's viewers only (used by relays). */
    publishLocal(change: TicketChange): void {
      emitter.emit('change', change);
    },
    /** Sends changes elsewhere instead of straight to local viewers (the relay echoes them back). */
    addRelay(relay: (change: TicketChange) => void): void {
      relays.push(relay);
    },
    subscribe(listener: (change: TicketChange) => void): () => void {
      emitter.on('change', listener);
      return () => emitter.off('change', listener);
    },
    /** How many local viewers are subscribed (tests check that closed streams unsubscribe). */
    listenerCount(): number {
      return emitter.listenerCount('change');
    },
  };
}
