import { useTranslation } from 'react-i18next';
import { Field } from '../../components/Field.js';

/** The one-time code from an authenticator app (or a recovery code); filled in by password managers and phones. */
export function CodeField({
  value,
  onChange,
  error,
  allowRecovery = true,
}: {
  value: string;
  onChange: (value: string) => void;
  error?: string;
  allowRecovery?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Field
      label={t('twoFactor.code')}
      name="code"
      autoComplete="one-time-code"
      inputMode={allowRecovery ? 'text' : 'numeric'}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      hint={allowRecovery ? t('twoFactor.codeHint') : t('twoFactor.codeHintTotp')}
      error={error}
      required
      maxLength={32}
    />
  );
}

/** Recovery codes, shown once, in a list that is easy to copy. */
export function RecoveryCodes({ codes }: { codes: string[] }) {
  const { t } = useTranslation();
  return (
    <div className="recovery-codes">
      <p>{t('twoFactor.recovery.intro')}</p>
      <ul aria-label={t('twoFactor.recovery.title')} className="recovery-code-list">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}
