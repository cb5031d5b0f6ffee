import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from './errors.js';

/** Shows an error in words and announces it to screen readers. Renders nothing without an error. */
export function ErrorAlert({ error, id }: { error: unknown; id?: string }) {
  const { t } = useTranslation();
  if (error === undefined || error === null) return null;
  return (
    <p className="alert alert-error" role="alert" id={id}>
      {describeError(t, error)}
    </p>
  );
}

/** A calm, polite message (saved, sent, signed out). */
export function Notice({ children }: { children: ReactNode }) {
  return (
    <p className="alert alert-info" role="status">
      {children}
    </p>
  );
}
