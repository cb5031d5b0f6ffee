import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

/**
 * Words to show, kept as a catalogue key (or a server's problem code) and its values rather than
 * as text in one language, so they are put into words when shown and follow a language switch. A
 * plain string is already text.
 */
export type Message =
  | string
  | { key: string; params?: Record<string, unknown> }
  /** A server's code with its parameters; `fallback` is the server's English, for a code this build does not know. */
  | { code: string; params?: Record<string, unknown>; fallback?: string };

/** A message from the catalogues. */
export function msg(key: string, params?: Record<string, unknown>): Message {
  return { key, params };
}

/** The catalogue key of a server code: `calendar.invalid_file` → `errors.calendar.invalid_file`. */
export function errorKeyOf(code: string): string {
  return `errors.${code}`;
}

/**
 * Words for a server code and its parameters from our own catalogues; the server's English only
 * for a code this build does not know (a newer server), never when a translation exists.
 */
export function describeCode(t: TFunction, { code, params, fallback }: { code: string; params?: Record<string, unknown>; fallback?: string }): string {
  const key = errorKeyOf(code);
  // Codes are open-ended (the server adds them over time), so the key is checked at run time.
  if (t(key as never, { defaultValue: '' }) !== '') return t(key as never, (params ?? {}) as never) as unknown as string;
  return fallback ?? (t('errors.fallback') as string);
}

/** Puts a message into words in the current language. */
export function messageText(t: TFunction, message: Message): string {
  if (typeof message === 'string') return message;
  if ('code' in message) return describeCode(t, message);
  // Keys are built at run time, so the typed t() cannot check them.
  return t(message.key as never, (message.params ?? {}) as never) as unknown as string;
}

/** `text(message)` in the current language; a component using it re-renders when the language changes. */
export function useMessageText(): (message: Message | undefined) => string | undefined {
  const { t } = useTranslation();
  return (message) => (message === undefined ? undefined : messageText(t, message));
}
