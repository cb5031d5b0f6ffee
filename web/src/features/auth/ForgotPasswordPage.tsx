import { useRef, useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { api } from '../../api/client.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { checkEmail, focusFirstInvalid } from '../../components/forms.js';
import type { Message } from '../../components/messages.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { AuthCard } from './AuthCard.js';
import type { AuthLocationState } from './locationState.js';
import { EmailField } from './fields.js';

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const formRef = useRef<HTMLFormElement>(null);
  const [email, setEmail] = useState((location.state as AuthLocationState | null)?.email ?? '');
  const [emailError, setEmailError] = useState<Message | undefined>();
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  usePageTitle(t('auth.forgot.title'));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problem = checkEmail(t, email);
    setEmailError(problem);
    setError(null);
    if (problem) return focusFirstInvalid(formRef.current);
    setIsBusy(true);
    try {
      await api.requestPasswordReset(email.trim());
      setSentTo(email.trim());
    } catch (err) {
      setError(err);
    } finally {
      setIsBusy(false);
    }
  }

  if (sentTo) {
    return (
      <AuthCard title={t('auth.forgot.title')}>
        <p role="status">
          <Trans i18nKey="auth.forgot.sent" values={{ email: sentTo }} components={{ strong: <strong /> }} />
        </p>
        <p className="card-footer">
          <Link to="/sign-in" state={{ email: sentTo } satisfies AuthLocationState}>
            {t('auth.forgot.back')}
          </Link>
        </p>
      </AuthCard>
    );
  }

  return (
    <AuthCard title={t('auth.forgot.title')} intro={t('auth.forgot.intro')}>
      <form ref={formRef} onSubmit={(event) => void submit(event)} noValidate>
        <EmailField value={email} onChange={setEmail} error={emailError} />
        <ErrorAlert error={error} />
        <button type="submit" className="button button-primary" disabled={isBusy}>
          {isBusy ? t('auth.forgot.submitting') : t('auth.forgot.submit')}
        </button>
      </form>
      <p className="card-footer">
        <Link to="/sign-in">{t('auth.forgot.back')}</Link>
      </p>
    </AuthCard>
  );
}
