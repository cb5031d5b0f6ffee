import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router';
import { api } from '../../api/client.js';
import { homePathFor, useAuth } from '../../app/auth.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { fieldErrorsOf } from '../../components/errors.js';
import { checkNewPassword, focusFirstInvalid, hasErrors, type FieldErrors } from '../../components/forms.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { AuthCard } from './AuthCard.js';
import { NewPasswordField } from './fields.js';

/**
 * Opened from the mailed link: the person holding the mailbox chooses the account's password here
 * (the one they signed up with, or a new one), which confirms the address and signs them in. Any
 * password, session or token from before ends: someone else may have signed up with this address.
 */
export function VerifyEmailPage() {
  const { t } = useTranslation();
  const auth = useAuth();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const formRef = useRef<HTMLFormElement>(null);
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<'password'>>({});
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setIsBusy] = useState(false);
  usePageTitle(t('auth.verify.title'));

  if (auth.user) return <Navigate to={homePathFor(auth.user.role)} replace />;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors: FieldErrors<'password'> = { password: checkNewPassword(t, password) };
    setFieldErrors(errors);
    setError(null);
    if (hasErrors(errors)) return focusFirstInvalid(formRef.current);
    setIsBusy(true);
    try {
      await auth.acceptSession(await api.verifyEmail({ token, password }));
    } catch (err) {
      setError(err);
      setFieldErrors(fieldErrorsOf(err));
      setIsBusy(false);
    }
  }

  if (!token) {
    return (
      <AuthCard title={t('auth.verify.title')}>
        <p className="alert alert-error" role="alert">
          {t('auth.verify.missingToken')}
        </p>
        <p className="card-footer">
          <Link to="/sign-in">{t('auth.verify.signIn')}</Link> · <Link to="/sign-up">{t('auth.verify.signUpAgain')}</Link>
        </p>
      </AuthCard>
    );
  }

  return (
    <AuthCard title={t('auth.verify.title')} intro={t('auth.verify.intro')}>
      <form ref={formRef} onSubmit={(event) => void submit(event)} noValidate>
        <NewPasswordField label={t('fields.password')} value={password} onChange={setPassword} error={fieldErrors.password} />
        <ErrorAlert error={error} />
        <button type="submit" className="button button-primary" disabled={isBusy}>
          {isBusy ? t('auth.verify.working') : t('auth.verify.submit')}
        </button>
      </form>
      {error !== null && (
        <p className="card-footer">
          <Link to="/sign-in">{t('auth.verify.signIn')}</Link> · <Link to="/sign-up">{t('auth.verify.signUpAgain')}</Link>
        </p>
      )}
    </AuthCard>
  );
}
