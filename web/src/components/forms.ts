import type { TFunction } from 'i18next';

export const PASSWORD_MIN_LENGTH = 10;

export type FieldErrors<K extends string> = Partial<Record<K, string>>;

/** A loose check; the server has the last word on what an email address is. */
export function isEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim());
}

export function checkEmail(t: TFunction, value: string): string | undefined {
  if (value.trim() === '') return t('validation.required');
  return isEmail(value) ? undefined : t('validation.email');
}

export function checkRequired(t: TFunction, value: string): string | undefined {
  return value.trim() === '' ? t('validation.required') : undefined;
}

export function checkNewPassword(t: TFunction, value: string): string | undefined {
  if (value === '') return t('validation.required');
  return value.length < PASSWORD_MIN_LENGTH ? t('validation.passwordLength', { min: PASSWORD_MIN_LENGTH }) : undefined;
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
