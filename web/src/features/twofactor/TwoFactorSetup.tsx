import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { twoFactorApi, type TwoFactorSetup as Setup } from './api.js';
import { CodeField, RecoveryCodes } from './CodeField.js';

/**
 * Setting up an authenticator: a QR code (and the secret as text), a first code to confirm, then
 * the recovery codes, shown once. `onDone` runs when the person has seen the codes.
 */
export function TwoFactorSetup({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const [setup, setSetup] = useState<Setup | null>(null);
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setIsBusy] = useState(false);

  async function start() {
    setError(null);
    setIsBusy(true);
    try {
      setSetup(await twoFactorApi.setup());
    } catch (err) {
      setError(err);
    }
    setIsBusy(false);
  }

  async function confirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setIsBusy(true);
    try {
      setCodes((await twoFactorApi.enable(code.trim())).recoveryCodes);
    } catch (err) {
      setError(err);
    }
    setIsBusy(false);
  }

  if (codes) {
    return (
      <div>
        <p role="status">{t('twoFactor.setup.done')}</p>
        <RecoveryCodes codes={codes} />
        <button type="button" className="button button-primary" onClick={onDone}>
          {t('twoFactor.recovery.saved')}
        </button>
      </div>
    );
  }
  if (!setup) {
    return (
      <div>
        <p>{t('twoFactor.setup.intro')}</p>
        <ErrorAlert error={error} />
        <button type="button" className="button button-primary" onClick={() => void start()} disabled={isBusy}>
          {t('twoFactor.setup.start')}
        </button>
      </div>
    );
  }
  return (
    <form onSubmit={(event) => void confirm(event)} noValidate>
      <p>{t('twoFactor.setup.scan')}</p>
      <img className="two-factor-qr" src={`data:image/svg+xml;base64,${btoa(setup.qrSvg)}`} alt={t('twoFactor.setup.qrAlt')} width={200} height={200} />
      <p>
        {t('twoFactor.setup.typeInstead')} <code className="two-factor-secret">{setup.secret}</code>
      </p>
      <CodeField value={code} onChange={setCode} allowRecovery={false} />
      <ErrorAlert error={error} />
      <button type="submit" className="button button-primary" disabled={isBusy || code.trim() === ''}>
        {t('twoFactor.setup.confirm')}
      </button>
    </form>
  );
}
