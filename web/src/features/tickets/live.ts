import { useEffect, useRef, useState } from 'react';

/** What the server tells live viewers (GET /api/v1/events): ids only; the page refetches what it shows. */
export interface LiveEvent {
  type: 'ticket.created' | 'ticket.updated' | 'ticket.message' | 'ticket.typing' | 'stream.reconnected';
  ticketId: string;
  ticketNumber: number;
  at: string;
  agentId?: string;
  agentName?: string;
}

export type LiveStatus = 'connecting' | 'live' | 'unavailable';

const EVENT_TYPES = ['ticket.created', 'ticket.updated', 'ticket.message', 'ticket.typing'] as const;
const RETRY_CLOSED_MS = 30_000;

// One stream per tab, shared by every page that listens, opened while anyone listens.
let source: EventSource | null = null;
let status: LiveStatus = 'connecting';
let hasOpened = false;
let retryTimer: number | undefined;
const listeners = new Set<(event: LiveEvent) => void>();
const statusListeners = new Set<(status: LiveStatus) => void>();

function setStatus(next: LiveStatus): void {
  status = next;
  statusListeners.forEach((listener) => listener(next));
}

function emit(event: LiveEvent): void {
  listeners.forEach((listener) => listener(event));
}

function open(): void {
  if (source || typeof EventSource === 'undefined') {
    if (typeof EventSource === 'undefined') setStatus('unavailable');
    return;
  }
  const stream = new EventSource('/api/v1/events');
  source = stream;
  stream.onopen = () => {
    // After a dropped connection the browser reconnects by itself; events in between are lost, so refetch.
    if (hasOpened) emit({ type: 'stream.reconnected', ticketId: '', ticketNumber: 0, at: new Date().toISOString() });
    hasOpened = true;
    setStatus('live');
  };
  stream.onerror = () => {
    if (stream.readyState === EventSource.CLOSED) {
      // The server refused the stream (no such route yet, signed out): poll instead and try again later.
      source = null;
      setStatus('unavailable');
      window.clearTimeout(retryTimer);
      retryTimer = window.setTimeout(() => {
        if (listeners.size > 0) open();
      }, RETRY_CLOSED_MS);
    } else {
      setStatus('connecting');
    }
  };
  for (const type of EVENT_TYPES) {
    stream.addEventListener(type, (message) => {
      try {
        const data = JSON.parse((message as MessageEvent<string>).data) as Omit<LiveEvent, 'type'>;
        emit({ ...data, type });
      } catch {
        // A frame we cannot read is skipped; the next event or refetch brings the page up to date.
      }
    });
  }
}

function close(): void {
  window.clearTimeout(retryTimer);
  source?.close();
  source = null;
  hasOpened = false;
  status = 'connecting';
}

/** Listens to live ticket events while the component is on screen; returns the stream's state. */
export function useLiveEvents(handler: (event: LiveEvent) => void): LiveStatus {
  const handlerRef = useRef(handler);
  const [current, setCurrent] = useState<LiveStatus>(status);
  useEffect(() => {
    handlerRef.current = handler;
  });
  useEffect(() => {
    const listener = (event: LiveEvent) => handlerRef.current(event);
    listeners.add(listener);
    statusListeners.add(setCurrent);
    open();
    setCurrent(status);
    return () => {
      listeners.delete(listener);
      statusListeners.delete(setCurrent);
      if (listeners.size === 0) close();
    };
  }, []);
  return current;
}

/** Calls `refresh` every `everyMs` while live updates are unavailable, so the page still keeps up. */
export function usePollingFallback(liveStatus: LiveStatus, refresh: () => void, everyMs = 30_000): void {
  const refreshRef = useRef(refresh);
  useEffect(() => {
    refreshRef.current = refresh;
  });
  useEffect(() => {
    if (liveStatus !== 'unavailable') return;
    const timer = window.setInterval(() => refreshRef.current(), everyMs);
    return () => window.clearInterval(timer);
  }, [liveStatus, everyMs]);
}

/** Calls `fn` at most once per `everyMs`, dropping calls in between (typing pings). */
export function useThrottle(fn: () => void, everyMs: number): () => void {
  const last = useRef(0);
  const fnRef = useRef(fn);
  useEffect(() => {
    fnRef.current = fn;
  });
  return useRef(() => {
    const now = Date.now();
    if (now - last.current < everyMs) return;
    last.current = now;
    fnRef.current();
  }).current;
}
