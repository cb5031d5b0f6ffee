import { useEffect, useRef } from 'react';

/** True when a key press belongs to a form control (typing), not to the page. */
function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['checkbox', 'radio', 'button', 'submit', 'reset', 'file'].includes(type);
}

/**
 * Single-key shortcuts for the agent workspace (j, k, r, n, a, e, /, ?). Ignored while typing in a
 * field, with Ctrl/Alt/Meta held (browser and screen-reader keys stay theirs), and while a dialog is open.
 */
export function useShortcuts(handlers: Partial<Record<string, () => void>>): void {
  const ref = useRef(handlers);
  useEffect(() => {
    ref.current = handlers;
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
      if (isTypingTarget(event.target)) return;
      if (document.querySelector('dialog[open]')) return;
      const handler = ref.current[event.key];
      if (!handler) return;
      event.preventDefault();
      handler();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

const QUEUE_NAV_KEY = 'supportdesk.queueNav';

export interface QueueNav {
  /** Where the list came from (to go back to it). */
  from: string;
  ids: string[];
}

/** Remembers the order of the list the agent is working through, so j/k on a ticket go to its neighbours. */
export function rememberQueue(nav: QueueNav): void {
  try {
    window.sessionStorage.setItem(QUEUE_NAV_KEY, JSON.stringify(nav));
  } catch {
    // Without storage j/k on a ticket page have nothing to walk; the queue page still works.
  }
}

export function recallQueue(): QueueNav | null {
  try {
    const raw = window.sessionStorage.getItem(QUEUE_NAV_KEY);
    const value = raw ? (JSON.parse(raw) as QueueNav) : null;
    return value && Array.isArray(value.ids) && typeof value.from === 'string' ? value : null;
  } catch {
    return null;
  }
}

/** The tickets before and after `ticketId` in the remembered list. */
export function neighboursOf(ticketId: string): { previous?: string; next?: string; from?: string } {
  const nav = recallQueue();
  if (!nav) return {};
  const index = nav.ids.indexOf(ticketId);
  if (index === -1) return { from: nav.from };
  return { previous: nav.ids[index - 1], next: nav.ids[index + 1], from: nav.from };
}
