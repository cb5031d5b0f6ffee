import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../components/Field.js';
import { PASSWORD_MIN_LENGTH } from '../../components/forms.js';
import type { Message } from '../../components/messages.js';

/** The email field of the auth forms; on sign-in it is the username password managers fill. */
export function EmailField({
  value,
  onChange,
  error,
  autoComplete = 'email',
}: {
  value: string;
  onChange: (value: string) => void;
  error?: Message;
  autoComplete?: 'email' | 'username';
}) {
  const { t } = useTranslation();
  return (
    <Field
      label={t('fields.email')}
      type="email"
      name="email"
      autoComplete={autoComplete}
      inputMode="email"
      value={value}
      onChange={(event) => onChange(event.target.value)}
      error={error}
      required
    />
  );
}

/** A password being chosen (sign-up, reset), with the length rule as its hint. */
export function NewPasswordField({ label, value, onChange, error }: { label: string; value: string; onChange: (value: string) => void; error?: Message }) {
  const { t } = useTranslation();
  return (
    <Field
      label={label}
      type="password"
      name="password"
      autoComplete="new-password"
      value={value}
      onChange={(event) => onChange(event.target.value)}
      hint={t('auth.passwordHint', { min: PASSWORD_MIN_LENGTH })}
      error={error}
      required
      minLength={PASSWORD_MIN_LENGTH}
    />
  );
}

/** Whether ending sessions also revokes the account's API tokens: an explicit choice, since integrations stop working. */
export function RevokeTokensChoice({ checked, onChange }: { checked: boolean; onChange: (checked: boolean) => void }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="field field-checkbox">
      <input
        id={id}
        type="checkbox"
        name="revokeTokens"
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
        aria-describedby={`${id}-hint`}
      />
      <label htmlFor={id}>{t('auth.revokeTokens.label')}</label>
      <p className="field-hint field-checkbox-hint" id={`${id}-hint`}>
        {t('auth.revokeTokens.hint')}
      </p>
    </div>
  );
}
