import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router';
import { api, type TimedSession } from '../../api/client.js';
import { homePathFor, useAuth } from '../../app/auth.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Loading } from '../../components/Loading.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { AuthCard } from './AuthCard.js';

// A link works once, so the same token must never be posted twice (React may run effects twice).
const attempts = new Map<string, Promise<TimedSession>>();

function verifyOnce(token: string): Promise<TimedSession> {
  let attempt = attempts.get(token);
  if (!attempt) {
    attempt = api.verifyEmail(token);
    attempts.set(token, attempt);
  }
  return attempt;
}

/** Opened from the mailed link: confirms the address, signs the person in and takes them home. */
export function VerifyEmailPage() {
  const { t } = useTranslation();
  const auth = useAuth();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [error, setError] = useState<unknown>(null);
  const [isDone, setIsDone] = useState(false);
  const { acceptSession } = auth;
  usePageTitle(t('auth.verify.title'));

  useEffect(() => {
    if (!token) return;
    let isCurrent = true;
    verifyOnce(token)
      .then(async (session) => {
        await acceptSession(session);
        if (isCurrent) setIsDone(true);
      })
      .catch((err: unknown) => {
        if (isCurrent) setError(err);
      });
    return () => {
      isCurrent = false;
    };
  }, [token, acceptSession]);

  if (isDone && auth.user) return <Navigate to={homePathFor(auth.user.role)} replace />;

  return (
    <AuthCard title={t('auth.verify.title')}>
      {!token ? (
        <p className="alert alert-error" role="alert">
          {t('auth.verify.missingToken')}
        </p>
      ) : error ? (
        <ErrorAlert error={error} />
      ) : (
        <Loading label={t('auth.verify.working')} />
      )}
      {(!token || error !== null) && (
        <p className="card-footer">
          <Link to="/sign-in">{t('auth.verify.signIn')}</Link> · <Link to="/sign-up">{t('auth.verify.signUpAgain')}</Link>
        </p>
      )}
    </AuthCard>
  );
}
