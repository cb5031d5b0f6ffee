import { useRef, useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { api } from '../../api/client.js';
import { homePathFor, useAuth } from '../../app/auth.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { fieldErrorsOf } from '../../components/errors.js';
import { Field } from '../../components/Field.js';
import { checkEmail, checkNewPassword, checkRequired, focusFirstInvalid, hasErrors, type FieldErrors } from '../../components/forms.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { currentLanguage } from '../../i18n/index.js';
import { AuthCard } from './AuthCard.js';
import { EmailField, NewPasswordField } from './fields.js';

type FieldName = 'name' | 'email' | 'password';

/** The browser's own zone; the person can change it later in Settings. */
function browserTimeZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    return undefined;
  }
}

export function SignUpPage() {
  const { t } = useTranslation();
  const auth = useAuth();
  const formRef = useRef<HTMLFormElement>(null);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<FieldName>>({});
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  usePageTitle(sentTo ? t('auth.checkMail.title') : t('auth.signUp.title'));

  if (auth.user) return <Navigate to={homePathFor(auth.user.role)} replace />;

  if (sentTo) {
    return (
      <AuthCard title={t('auth.checkMail.title')}>
        <p>
          <Trans i18nKey="auth.checkMail.body" values={{ email: sentTo }} components={{ strong: <strong /> }} />
        </p>
        <p className="muted">{t('auth.checkMail.hint')}</p>
        <p className="card-footer">
          <Link to="/sign-in" state={{ email: sentTo }}>
            {t('auth.checkMail.back')}
          </Link>
        </p>
      </AuthCard>
    );
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors: FieldErrors<FieldName> = { name: checkRequired(t, name), email: checkEmail(t, email), password: checkNewPassword(t, password) };
    setFieldErrors(errors);
    setError(null);
    if (hasErrors(errors)) return focusFirstInvalid(formRef.current);
    setIsBusy(true);
    try {
      const address = email.trim();
      await api.signUp({ name: name.trim(), email: address, password, language: currentLanguage(), timeZone: browserTimeZone() });
      setSentTo(address);
    } catch (err) {
      setError(err);
      setFieldErrors(fieldErrorsOf(err));
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <AuthCard title={t('auth.signUp.title')} intro={t('auth.signUp.intro')}>
      <form ref={formRef} onSubmit={(event) => void submit(event)} noValidate>
        <Field
          label={t('fields.name')}
          name="name"
          autoComplete="name"
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={fieldErrors.name}
          required
          maxLength={200}
        />
        <EmailField value={email} onChange={setEmail} error={fieldErrors.email} />
        <NewPasswordField label={t('fields.password')} value={password} onChange={setPassword} error={fieldErrors.password} />
        <ErrorAlert error={error} />
        <button type="submit" className="button button-primary" disabled={isBusy}>
          {isBusy ? t('auth.signUp.submitting') : t('auth.signUp.submit')}
        </button>
      </form>
      <p className="card-footer">
        {t('auth.signUp.haveAccount')} <Link to="/sign-in">{t('auth.signUp.signInLink')}</Link>
      </p>
    </AuthCard>
  );
}
