import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, Notice } from '../../components/ErrorAlert.js';
import { fieldErrorsOf } from '../../components/errors.js';
import { msg, type Message } from '../../components/messages.js';
import { Field } from '../../components/Field.js';
import { focusFirstInvalid } from '../../components/forms.js';
import { vaultApi, type AccessRequest } from './vaultApi.js';

type FieldName = 'host' | 'port' | 'username' | 'password' | 'privateKey';

const EMPTY = { host: '', port: '', username: '', password: '', privateKey: '', notes: '' };
const KEY_KINDS = new Set(['ssh', 'sftp']);
const URL_KINDS = new Set(['hosting_panel', 'cms_admin']);

/**
 * The customer's form for the requested credentials. They go straight to the vault (encrypted),
 * never into a message; the fields are cleared as soon as the server has them.
 */
export function CredentialsForm({
  request,
  maxDays,
  isAvailable,
  onSubmitted,
}: {
  request: AccessRequest;
  maxDays: number;
  isAvailable: boolean;
  onSubmitted(): void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState(EMPTY);
  const [days, setDays] = useState(maxDays);
  const [errors, setErrors] = useState<Partial<Record<FieldName, Message>>>({});
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [isSaved, setIsSaved] = useState(false);
  const isReplacing = request.hasSecret;
  const [isOpen, setIsOpen] = useState(!isReplacing);
  const set = (name: keyof typeof EMPTY) => (event: { target: { value: string } }) => setValues((v) => ({ ...v, [name]: event.target.value }));

  function validate(): Partial<Record<FieldName, Message>> {
    const port = values.port.trim();
    return {
      host: values.host.trim() === '' ? msg('validation.required') : undefined,
      username: values.username.trim() === '' ? msg('validation.required') : undefined,
      port: port !== '' && !/^\d{1,5}$/.test(port) ? msg('vault.customer.portInvalid') : undefined,
      password: values.password === '' && values.privateKey.trim() === '' ? msg('vault.customer.passwordOrKey') : undefined,
    };
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setIsSaved(false);
    const found = validate();
    setErrors(found);
    if (Object.values(found).some(Boolean)) {
      focusFirstInvalid(formRef.current);
      return;
    }
    setIsBusy(true);
    try {
      await vaultApi.submit(request.id, {
        host: values.host.trim(),
        port: values.port.trim() === '' ? null : Number(values.port.trim()),
        username: values.username.trim(),
        password: values.password === '' ? undefined : values.password,
        privateKey: values.privateKey.trim() === '' ? undefined : values.privateKey,
        notes: values.notes.trim() === '' ? undefined : values.notes,
        expiresInDays: days,
      });
      setValues(EMPTY);
      setIsSaved(true);
      setIsOpen(false);
      onSubmitted();
    } catch (err) {
      setErrors(fieldErrorsOf(err));
      setError(err);
    } finally {
      setIsBusy(false);
    }
  }

  if (!isOpen) {
    return (
      <>
        {isSaved && <Notice>{t('vault.customer.saved')}</Notice>}
        {isReplacing && (
          <button type="button" className="button button-quiet" onClick={() => setIsOpen(true)}>
            {t('vault.customer.replace')}
          </button>
        )}
      </>
    );
  }

  return (
    <form ref={formRef} id="vault-credentials" onSubmit={(event) => void submit(event)} noValidate aria-labelledby={`${id}-title`} autoComplete="off">
      <h4 id={`${id}-title`}>{isReplacing ? t('vault.customer.replaceTitle') : t('vault.customer.formTitle')}</h4>
      <p className="alert alert-info">{t('vault.customer.formIntro')}</p>
      {!isAvailable && <p className="alert alert-error">{t('vault.unavailable')}</p>}
      <Field
        label={URL_KINDS.has(request.kind) ? t('vault.fields.address') : t('vault.fields.host')}
        value={values.host}
        error={errors.host}
        maxLength={500}
        autoComplete="off"
        spellCheck={false}
        onChange={set('host')}
      />
      <Field label={t('vault.fields.portOptional')} inputMode="numeric" value={values.port} error={errors.port} onChange={set('port')} />
      <Field
        label={t('vault.fields.username')}
        value={values.username}
        error={errors.username}
        maxLength={200}
        autoComplete="off"
        spellCheck={false}
        onChange={set('username')}
      />
      <Field
        label={t('vault.fields.password')}
        type="password"
        value={values.password}
        error={errors.password}
        maxLength={1000}
        autoComplete="new-password"
        onChange={set('password')}
      />
      {KEY_KINDS.has(request.kind) && (
        <div className="field">
          <label htmlFor={`${id}-key`}>{t('vault.fields.privateKeyOptional')}</label>
          <textarea id={`${id}-key`} rows={4} spellCheck={false} autoComplete="off" value={values.privateKey} onChange={set('privateKey')} />
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-notes`}>{t('vault.fields.notesOptional')}</label>
        <textarea id={`${id}-notes`} rows={2} maxLength={2000} aria-describedby={`${id}-notes-hint`} value={values.notes} onChange={set('notes')} />
        <p className="field-hint" id={`${id}-notes-hint`}>
          {t('vault.customer.notesHint')}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-days`}>{t('vault.customer.keepFor')}</label>
        <select id={`${id}-days`} value={days} onChange={(event) => setDays(Number(event.target.value))}>
          {Array.from({ length: maxDays }, (_, i) => i + 1).map((n) => (
            <option key={n} value={n}>
              {t('vault.customer.days', { count: n })}
            </option>
          ))}
        </select>
      </div>
      <ErrorAlert error={error} />
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={isBusy || !isAvailable}>
          {t('vault.customer.submit')}
        </button>
        {isReplacing && (
          <button type="button" className="button button-quiet" onClick={() => setIsOpen(false)}>
            {t('vault.customer.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

/** Takes the access back; stored credentials are destroyed at once. */
export function WithdrawButton({ request, onWithdrawn }: { request: AccessRequest; onWithdrawn(): void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setIsBusy] = useState(false);

  async function withdraw() {
    setError(null);
    setIsBusy(true);
    try {
      await vaultApi.withdraw(request.id);
      onWithdrawn();
    } catch (err) {
      setError(err);
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <div className="vault-withdraw">
      <ErrorAlert error={error} />
      <button type="button" className="button button-danger" onClick={() => void withdraw()} disabled={isBusy}>
        {request.hasSecret ? t('vault.customer.withdraw') : t('vault.customer.decline')}
      </button>
    </div>
  );
}

/** After destruction: change those credentials, then say so (the reminders stop). */
export function CredentialChange({ request, onConfirmed }: { request: AccessRequest; onConfirmed(): void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setIsBusy] = useState(false);

  async function confirm() {
    setError(null);
    setIsBusy(true);
    try {
      await vaultApi.confirmChanged(request.id);
      onConfirmed();
    } catch (err) {
      setError(err);
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <div className="alert alert-warning" role="status">
      <p>{t('vault.customer.changeNow', { kind: t(`vault.kinds.${request.kind}`) })}</p>
      <ErrorAlert error={error} />
      <button type="button" className="button button-primary" onClick={() => void confirm()} disabled={isBusy}>
        {t('vault.customer.changed')}
      </button>
    </div>
  );
}
