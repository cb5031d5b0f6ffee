import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { msg, useMessageText, type Message } from '../../components/messages.js';
import { Field } from '../../components/Field.js';
import { focusFirstInvalid } from '../../components/forms.js';
import { CodeField } from '../twofactor/CodeField.js';
import { ACCESS_KINDS, vaultApi, type AccessKind, type AccessRequest, type Revealed } from './vaultApi.js';

/** An agent asks the customer for temporary access; the customer is told on the ticket and by mail. */
/** Asks the customer for access; the panel says "Asked" (it outlives this form when the panel moves to the top). */
export function RequestAccessForm({ ticketId, onRequested }: { ticketId: string; onRequested(): void }) {
  const { t } = useTranslation();
  const kindId = useId();
  const reasonId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [kind, setKind] = useState<AccessKind>('ftp');
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<Message | undefined>();
  const text = useMessageText();
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setIsBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    if (reason.trim().length < 3) {
      setReasonError(msg('vault.agent.reasonRequired'));
      focusFirstInvalid(formRef.current);
      return;
    }
    setReasonError(undefined);
    setIsBusy(true);
    try {
      await vaultApi.request(ticketId, { kind, reason: reason.trim() });
      setReason('');
      onRequested();
    } catch (err) {
      setError(err);
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <form ref={formRef} onSubmit={(event) => void submit(event)} noValidate aria-labelledby={`${kindId}-title`}>
      <h3 id={`${kindId}-title`}>{t('vault.agent.requestTitle')}</h3>
      <p className="muted">{t('vault.agent.requestHint')}</p>
      <div className="field">
        <label htmlFor={kindId}>{t('vault.agent.kind')}</label>
        <select id={kindId} value={kind} onChange={(event) => setKind(event.target.value as AccessKind)}>
          {ACCESS_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`vault.kinds.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <div className={`field${reasonError ? ' field-invalid' : ''}`}>
        <label htmlFor={reasonId}>{t('vault.agent.reason')}</label>
        <textarea
          id={reasonId}
          rows={3}
          maxLength={2000}
          value={reason}
          aria-invalid={reasonError ? true : undefined}
          aria-describedby={`${reasonId}-hint${reasonError ? ` ${reasonId}-error` : ''}`}
          onChange={(event) => setReason(event.target.value)}
        />
        <p className="field-hint" id={`${reasonId}-hint`}>
          {t('vault.agent.reasonHint')}
        </p>
        {reasonError && (
          <p className="field-error" id={`${reasonId}-error`}>
            {text(reasonError)}
          </p>
        )}
      </div>
      <ErrorAlert error={error} />
      <button type="submit" className="button button-primary" disabled={isBusy}>
        {t('vault.agent.request')}
      </button>
    </form>
  );
}

/**
 * Shows the credentials to the assigned agent (or an admin) after they re-enter their password and
 * say why. The server logs it; the browser hides the values again after a short while, or when the
 * tab is hidden, and forgets them.
 */
export function RevealForm({ request, needsSecondFactor, onRevealed }: { request: AccessRequest; needsSecondFactor: boolean; onRevealed(): void }) {
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const [password, setPassword] = useState('');
  const [reason, setReason] = useState('');
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<{ password?: string; reason?: string }>({});
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const hide = useCallback(() => setRevealed(null), []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const next = {
      password: password === '' ? t('validation.required') : undefined,
      reason: reason.trim().length < 3 ? t('vault.agent.reasonRequired') : undefined,
    };
    setErrors(next);
    if (next.password || next.reason) {
      focusFirstInvalid(formRef.current);
      return;
    }
    setIsBusy(true);
    try {
      const result = await vaultApi.reveal(request.id, { password, reason: reason.trim(), ...(needsSecondFactor && { code: code.trim() }) });
      setRevealed(result);
      setReason('');
      onRevealed();
    } catch (err) {
      setError(err);
    } finally {
      // The password is never kept, whatever happened.
      setPassword('');
      setCode('');
      setIsBusy(false);
    }
  }

  if (revealed) return <RevealedSecret revealed={revealed} onHide={hide} />;

  return (
    <form ref={formRef} onSubmit={(event) => void submit(event)} noValidate aria-label={t('vault.agent.revealTitle')}>
      <p className="muted">{t('vault.agent.revealHint')}</p>
      <Field
        label={t('vault.agent.yourPassword')}
        type="password"
        autoComplete="current-password"
        value={password}
        error={errors.password}
        onChange={(event) => setPassword(event.target.value)}
      />
      {needsSecondFactor && <CodeField value={code} onChange={setCode} />}
      <Field label={t('vault.agent.revealReason')} value={reason} maxLength={500} error={errors.reason} onChange={(event) => setReason(event.target.value)} />
      <ErrorAlert error={error} />
      <button type="submit" className="button button-primary" disabled={isBusy}>
        {t('vault.agent.reveal')}
      </button>
    </form>
  );
}

function RevealedSecret({ revealed, onHide }: { revealed: Revealed; onHide(): void }) {
  const { t } = useTranslation();
  const [left, setLeft] = useState(revealed.hideAfterSeconds);
  const hideButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    hideButton.current?.focus();
    // Measured on this browser's clock: the countdown is about what this screen shows.
    const hideAt = Date.now() + revealed.hideAfterSeconds * 1000;
    const timer = window.setInterval(() => {
      const remaining = Math.ceil((hideAt - Date.now()) / 1000);
      if (remaining <= 0) onHide();
      else setLeft(remaining);
    }, 250);
    // Out of sight, out of the page: a tab left in the background does not keep the values.
    const onVisibility = () => document.visibilityState === 'hidden' && onHide();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [revealed, onHide]);

  const { secret } = revealed;
  return (
    <div role="region" aria-label={t('vault.agent.revealedLabel')}>
      <p className="alert alert-warning" role="status">
        {t('vault.agent.revealedNote', { seconds: revealed.hideAfterSeconds })}
      </p>
      <dl className="vault-secret" data-testid="vault-secret">
        <SecretField label={t('vault.fields.host')} value={secret.host} />
        {secret.port !== null && <SecretField label={t('vault.fields.port')} value={String(secret.port)} />}
        <SecretField label={t('vault.fields.username')} value={secret.username} />
        {secret.password !== null && <SecretField label={t('vault.fields.password')} value={secret.password} />}
        {secret.privateKey !== null && <SecretField label={t('vault.fields.privateKey')} value={secret.privateKey} isBlock />}
        {secret.notes !== null && <SecretField label={t('vault.fields.notes')} value={secret.notes} isProse />}
      </dl>
      <p className="muted" aria-hidden="true">
        {t('vault.agent.hidesIn', { seconds: left })}
      </p>
      <button ref={hideButton} type="button" className="button button-quiet" onClick={onHide}>
        {t('vault.agent.hideNow')}
      </button>
    </div>
  );
}

/**
 * One revealed value with its copy button. Values never wrap mid-word: a long one scrolls inside
 * its box (keys and passwords keep every character where it was; notes wrap between words only).
 */
function SecretField({ label, value, isBlock = false, isProse = false }: { label: string; value: string; isBlock?: boolean; isProse?: boolean }) {
  return (
    <>
      <dt>{label}</dt>
      <dd className="vault-field">
        {isBlock ? <pre className="vault-value">{value}</pre> : <code className={isProse ? 'vault-value vault-value-prose' : 'vault-value'}>{value}</code>}
        <CopyButton value={value} label={label} />
      </dd>
    </>
  );
}

/** Copies a value to the clipboard and says so for a moment ("Copied"), or that it could not. */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = window.setTimeout(() => setState('idle'), 2000);
    return () => window.clearTimeout(timer);
  }, [state]);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      setState('failed');
    }
  }
  return (
    <span className="copy-control">
      <button type="button" className="button button-quiet button-small" onClick={() => void copy()} aria-label={t('vault.agent.copyField', { field: label })}>
        {t('vault.agent.copy')}
      </button>
      <span role="status" className={state === 'failed' ? 'copy-note copy-failed' : 'copy-note'}>
        {state === 'copied' ? t('vault.agent.copied') : state === 'failed' ? t('vault.agent.copyFailed') : ''}
      </span>
    </span>
  );
}
