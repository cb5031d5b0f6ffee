import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { api } from '../../api/client.js';
import { homePathFor, useAuth } from '../../app/auth.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { AuthCard } from '../auth/AuthCard.js';
import { CodeField } from './CodeField.js';

/** The second step of signing in: the code from the authenticator app, or a recovery code. */
export function TwoFactorPage() {
  const { t } = useTranslation();
  const auth = useAuth();
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setIsBusy] = useState(false);
  usePageTitle(t('twoFactor.verify.title'));

  if (auth.status !== 'loading' && !auth.user) return <Navigate to="/sign-in" replace />;
  if (auth.user && auth.signIn === 'complete') return <Navigate to={homePathFor(auth.user.role)} replace />;
  if (auth.user && auth.signIn === 'two_factor_setup') return <Navigate to="/two-factor/setup" replace />;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setIsBusy(true);
    try {
      await auth.acceptSession(await api.verifySecondFactor(code.trim()));
    } catch (err) {
      setError(err);
      setIsBusy(false);
    }
  }

  return (
    <AuthCard title={t('twoFactor.verify.title')} intro={t('twoFactor.verify.intro')}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <CodeField value={code} onChange={setCode} />
        <ErrorAlert error={error} />
        <button type="submit" className="button button-primary" disabled={isBusy || code.trim() === ''}>
          {isBusy ? t('twoFactor.verify.working') : t('twoFactor.verify.submit')}
        </button>
      </form>
      <p className="card-footer">
        <button type="button" className="button-link" onClick={() => void auth.signOut()}>
          {t('twoFactor.verify.cancel')}
        </button>
      </p>
    </AuthCard>
  );
}
