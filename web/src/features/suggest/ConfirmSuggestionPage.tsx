import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client.js';
import { useAuth } from '../../app/auth.js';
import { ErrorAlert, Notice } from '../../components/ErrorAlert.js';
import { Loading } from '../../components/Loading.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { AuthCard } from '../auth/AuthCard.js';

type Confirmed = Awaited<ReturnType<typeof api.confirmSuggestion>>;

// React may run an effect twice; the server answers a second confirmation with the same ticket,
// but one request is enough.
const attempts = new Map<string, Promise<Confirmed>>();

function confirmOnce(token: string): Promise<Confirmed> {
  let attempt = attempts.get(token);
  if (!attempt) {
    attempt = api.confirmSuggestion(token);
    attempts.set(token, attempt);
  }
  return attempt;
}

/** `/suggest/confirm?token=…`, opened from the mail: confirms the address and opens the request. */
export function ConfirmSuggestionPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [result, setResult] = useState<Confirmed | null>(null);
  const [error, setError] = useState<unknown>(null);
  usePageTitle(t('suggest.confirmTitle'));

  useEffect(() => {
    if (!token) return;
    let isCurrent = true;
    confirmOnce(token)
      .then((confirmed) => isCurrent && setResult(confirmed))
      .catch((err: unknown) => isCurrent && setError(err));
    return () => {
      isCurrent = false;
    };
  }, [token]);

  return (
    <AuthCard title={t('suggest.confirmTitle')}>
      {!token ? (
        <p className="alert alert-error" role="alert">
          {t('suggest.noToken')}
        </p>
      ) : error ? (
        <ErrorAlert error={error} />
      ) : result ? (
        <>
          <Notice>{t(`suggest.confirmed.${result.kind}`, { number: result.ticketNumber })}</Notice>
          <p>{result.isNewAccount ? t('suggest.newAccount') : t('suggest.existingAccount')}</p>
          <p className="card-footer">{user ? <Link to="/account">{t('nav.account')}</Link> : <Link to="/sign-in">{t('nav.signIn')}</Link>}</p>
        </>
      ) : (
        <Loading label={t('suggest.confirming')} />
      )}
      {(!token || error !== null) && (
        <p className="card-footer">
          <Link to="/suggest">{t('suggest.backToForm')}</Link>
        </p>
      )}
    </AuthCard>
  );
}
