import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router';
import { api, isApiError } from '../../api/client.js';
import { homePathFor, useAuth } from '../../app/auth.js';
import { ErrorAlert, Notice } from '../../components/ErrorAlert.js';
import { Field } from '../../components/Field.js';
import { checkEmail, checkRequired, focusFirstInvalid, hasErrors, type FieldErrors } from '../../components/forms.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { AuthCard } from './AuthCard.js';
import { readReturnPath, type AuthLocationState } from './locationState.js';
import { EmailField } from './fields.js';

type FieldName = 'email' | 'password';

export function SignInPage() {
  const { t } = useTranslation();
  const auth = useAuth();
  const location = useLocation();
  const state = location.state as AuthLocationState | null;
  const formRef = useRef<HTMLFormElement>(null);
  const [email, setEmail] = useState(state?.email ?? '');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<FieldName>>({});
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [resent, setResent] = useState<'idle' | 'sending' | 'sent'>('idle');
  usePageTitle(t('auth.signIn.title'));
  const isUnverified = isApiError(error) && error.code === 'auth.email_not_verified';

  async function resend() {
    setResent('sending');
    try {
      await api.resendVerification(email.trim());
      setResent('sent');
    } catch (err) {
      setError(err);
      setResent('idle');
    }
  }

  if (auth.user) return <Navigate to={readReturnPath(state) ?? homePathFor(auth.user.role)} replace />;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors: FieldErrors<FieldName> = { email: checkEmail(t, email), password: checkRequired(t, password) };
    setFieldErrors(errors);
    setError(null);
    if (hasErrors(errors)) return focusFirstInvalid(formRef.current);
    setIsBusy(true);
    try {
      await auth.acceptSession(await api.signIn({ email: email.trim(), password }));
    } catch (err) {
      setError(err);
      setIsBusy(false);
    }
  }

  const notice = state?.notice ?? auth.signedOutReason;
  return (
    <AuthCard title={t('auth.signIn.title')}>
      {notice === 'signed_out' && <Notice>{t('auth.notices.signedOut')}</Notice>}
      {notice === 'password_changed' && <Notice>{t('auth.notices.passwordChanged')}</Notice>}
      {notice === 'signed_out_everywhere' && <Notice>{t('auth.notices.signedOutEverywhere')}</Notice>}
      {notice === 'session_ended' && <Notice>{t('auth.notices.sessionEnded')}</Notice>}
      <form ref={formRef} onSubmit={(event) => void submit(event)} noValidate aria-describedby={error ? 'sign-in-error' : undefined}>
        <EmailField value={email} onChange={setEmail} error={fieldErrors.email} autoComplete="username" />
        <Field
          label={t('fields.password')}
          type="password"
          name="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={fieldErrors.password}
          required
        />
        <ErrorAlert error={error} id="sign-in-error" />
        {isUnverified && resent !== 'sent' && (
          <button type="button" className="button" onClick={() => void resend()} disabled={resent === 'sending'}>
            {t('auth.signIn.resend')}
          </button>
        )}
        {resent === 'sent' && <Notice>{t('auth.signIn.resent')}</Notice>}
        <button type="submit" className="button button-primary" disabled={isBusy}>
          {isBusy ? t('auth.signIn.submitting') : t('auth.signIn.submit')}
        </button>
      </form>
      <p className="card-links">
        <Link to="/forgot-password" state={{ email } satisfies AuthLocationState}>
          {t('auth.signIn.forgot')}
        </Link>
      </p>
      <p className="card-footer">
        {t('auth.signIn.noAccount')} <Link to="/sign-up">{t('auth.signIn.signUpLink')}</Link>
      </p>
    </AuthCard>
  );
}
