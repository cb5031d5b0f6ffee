import type { TFunction } from 'i18next';
import { msg, type Message } from './messages.js';

export const PASSWORD_MIN_LENGTH = 10;

/** Problems by field, as messages: put into words where they are shown, so they follow a language switch. */
export type FieldErrors<K extends string> = Partial<Record<K, Message>>;

/** A loose check; the server has the last word on what an email address is. */
export function isEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim());
}

// The checks return messages, not text: `_t` stays for the callers written before, the words are
// chosen where the message is shown.
export function checkEmail(_t: TFunction, value: string): Message | undefined {
  if (value.trim() === '') return msg('validation.required');
  return isEmail(value) ? undefined : msg('validation.email');
}

export function checkRequired(_t: TFunction, value: string): Message | undefined {
  return value.trim() === '' ? msg('validation.required') : undefined;
}

export function checkNewPassword(_t: TFunction, value: string): Message | undefined {
  if (value === '') return msg('validation.required');
  return value.length < PASSWORD_MIN_LENGTH ? msg('validation.passwordLength', { min: PASSWORD_MIN_LENGTH }) : undefined;
}

/** Drops the fields without an error; true when something is left to show. */
export function hasErrors<K extends string>(errors: FieldErrors<K>): boolean {
  return Object.values(errors).some((message) => message !== undefined);
}

/** Moves focus to the first input the person has to fix, so keyboard and screen reader users land on it. */
export function focusFirstInvalid(form: HTMLFormElement | null): void {
  // After React has rendered the aria-invalid attributes.
  requestAnimationFrame(() => form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
}
