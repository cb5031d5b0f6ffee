import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth.js';
import { ErrorAlert, Notice } from '../../components/ErrorAlert.js';
import { Field } from '../../components/Field.js';
import { ResourceView } from '../../components/ResourceView.js';
import { useResource } from '../../components/useResource.js';
import { twoFactorApi } from './api.js';
import { CodeField, RecoveryCodes } from './CodeField.js';
import { TwoFactorSetup } from './TwoFactorSetup.js';

/** Settings → two-factor sign-in: turn it on, get new recovery codes, turn it off (unless required). */
export function TwoFactorSettings() {
  const { t } = useTranslation();
  const status = useResource(() => twoFactorApi.status(), []);
  const [mode, setMode] = useState<'idle' | 'setup' | 'codes' | 'disable'>('idle');
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setIsBusy] = useState(false);

  async function run(event: FormEvent<HTMLFormElement>, action: () => Promise<void>) {
    event.preventDefault();
    setError(null);
    setIsBusy(true);
    try {
      await action();
      setCode('');
      setPassword('');
      void status.reload();
    } catch (err) {
      setError(err);
    }
    setIsBusy(false);
  }

  return (
    <section className="card panel" aria-labelledby="two-factor-title">
      <h2 id="two-factor-title">{t('twoFactor.settings.title')}</h2>
      <ResourceView resource={status}>
        {(s) => (
          <>
            <p>{s.enabled ? t('twoFactor.settings.on', { left: s.recoveryCodesLeft }) : t('twoFactor.settings.off')}</p>
            {s.requiredForYou && <Notice>{t('twoFactor.settings.required')}</Notice>}
            {codes && <RecoveryCodes codes={codes} />}
            {!s.enabled && mode !== 'setup' && (
              <button type="button" className="button" onClick={() => setMode('setup')}>
                {t('twoFactor.settings.turnOn')}
              </button>
            )}
            {!s.enabled && mode === 'setup' && (
              <TwoFactorSetup
                onDone={() => {
                  setMode('idle');
                  void status.reload();
                }}
              />
            )}
            {s.enabled && mode === 'idle' && (
              <p className="button-row">
                <button type="button" className="button" onClick={() => setMode('codes')}>
                  {t('twoFactor.settings.newCodes')}
                </button>
                {!s.requiredForYou && (
                  <button type="button" className="button" onClick={() => setMode('disable')}>
                    {t('twoFactor.settings.turnOff')}
                  </button>
                )}
              </p>
            )}
            {s.enabled && mode === 'codes' && (
              <form
                onSubmit={(event) =>
                  void run(event, async () => {
                    setCodes((await twoFactorApi.regenerate(code.trim())).recoveryCodes);
                    setMode('idle');
                  })
                }
                noValidate
              >
                <CodeField value={code} onChange={setCode} allowRecovery={false} />
                <ErrorAlert error={error} />
                <button type="submit" className="button button-primary" disabled={isBusy}>
                  {t('twoFactor.settings.newCodes')}
                </button>
              </form>
            )}
            {s.enabled && mode === 'disable' && (
              <form
                onSubmit={(event) =>
                  void run(event, async () => {
                    await twoFactorApi.disable({ password, code: code.trim() });
                    setCodes(null);
                    setMode('idle');
                  })
                }
                noValidate
              >
                <Field
                  label={t('fields.password')}
                  type="password"
                  name="password"
                  autoComplete="current-password"
                  value={password}
                  onChange={(event) => setPassword(event.target.value)}
                  required
                />
                <CodeField value={code} onChange={setCode} />
                <ErrorAlert error={error} />
                <button type="submit" className="button button-danger" disabled={isBusy}>
                  {t('twoFactor.settings.turnOff')}
                </button>
              </form>
            )}
          </>
        )}
      </ResourceView>
    </section>
  );
}

/** Admins: whether staff must use two-factor sign-in. */
export function TwoFactorPolicy() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const policy = useResource(() => twoFactorApi.readPolicy(), []);
  const [error, setError] = useState<unknown>(null);
  if (user?.role !== 'admin') return null;
  return (
    <section className="card panel" aria-labelledby="two-factor-policy-title">
      <h2 id="two-factor-policy-title">{t('twoFactor.policy.title')}</h2>
      <ResourceView resource={policy}>
        {(p) => (
          <div className="field field-checkbox">
            <input
              id="two-factor-policy"
              type="checkbox"
              checked={p.requiredForStaff}
              onChange={(event) => {
                setError(null);
                twoFactorApi.writePolicy(event.target.checked).then(
                  () => void policy.reload(),
                  (err: unknown) => setError(err),
                );
              }}
              aria-describedby="two-factor-policy-hint"
            />
            <label htmlFor="two-factor-policy">{t('twoFactor.policy.label')}</label>
            <p className="field-hint field-checkbox-hint" id="two-factor-policy-hint">
              {t('twoFactor.policy.hint')}
            </p>
          </div>
        )}
      </ResourceView>
      <ErrorAlert error={error} />
    </section>
  );
}
