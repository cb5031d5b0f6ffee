import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client.js';
import { useAuth } from '../../app/auth.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { fieldErrorsOf } from '../../components/errors.js';
import { Field } from '../../components/Field.js';
import { checkNewPassword, focusFirstInvalid, hasErrors, type FieldErrors } from '../../components/forms.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { AuthCard } from './AuthCard.js';
import type { AuthLocationState } from './locationState.js';
import { NewPasswordField, RevokeTokensChoice } from './fields.js';

type FieldName = 'password' | 'confirm';

/** Opened from the mailed reset (or invitation) link: sets a new password, then the person signs in. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const { user, forgetSession } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const formRef = useRef<HTMLFormElement>(null);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<FieldName>>({});
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [revokeTokens, setRevokeTokens] = useState(false);
  usePageTitle(t('auth.reset.title'));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors: FieldErrors<FieldName> = {
      password: checkNewPassword(t, password),
      confirm: confirm !== password ? t('validation.passwordsDiffer') : undefined,
    };
    setFieldErrors(errors);
    setError(null);
    if (hasErrors(errors)) return focusFirstInvalid(formRef.current);
    setIsBusy(true);
    try {
      await api.confirmPasswordReset({ token, password, revokeTokens });
      // The server ended every session of this account, this browser's included.
      if (user) forgetSession();
      navigate('/sign-in', { replace: true, state: { notice: 'password_changed' } satisfies AuthLocationState });
    } catch (err) {
      setError(err);
      setFieldErrors(fieldErrorsOf(err));
      setIsBusy(false);
    }
  }

  if (!token) {
    return (
      <AuthCard title={t('auth.reset.title')}>
        <p className="alert alert-error" role="alert">
          {t('auth.reset.missingToken')}
        </p>
        <p className="card-footer">
          <Link to="/forgot-password">{t('auth.reset.requestNew')}</Link>
        </p>
      </AuthCard>
    );
  }

  return (
    <AuthCard title={t('auth.reset.title')} intro={t('auth.reset.intro')}>
      <form ref={formRef} onSubmit={(event) => void submit(event)} noValidate>
        <NewPasswordField label={t('fields.newPassword')} value={password} onChange={setPassword} error={fieldErrors.password} />
        <Field
          label={t('fields.confirmPassword')}
          type="password"
          name="confirm"
          autoComplete="new-password"
          value={confirm}
          onChange={(event) => setConfirm(event.target.value)}
          error={fieldErrors.confirm}
          required
        />
        <RevokeTokensChoice checked={revokeTokens} onChange={setRevokeTokens} />
        <ErrorAlert error={error} />
        <button type="submit" className="button button-primary" disabled={isBusy}>
          {isBusy ? t('auth.reset.submitting') : t('auth.reset.submit')}
        </button>
      </form>
      {error !== null && (
        <p className="card-footer">
          <Link to="/forgot-password">{t('auth.reset.requestNew')}</Link>
        </p>
      )}
    </AuthCard>
  );
}
