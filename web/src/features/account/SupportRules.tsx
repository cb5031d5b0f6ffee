import { useCallback, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type User } from '../../api/client.js';
import { useAuth } from '../../app/auth.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { msg, useMessageText, type Message } from '../../components/messages.js';
import { currentLanguage } from '../../i18n/index.js';
import { formatDateTime } from '../tickets/format.js';

/**
 * Whether the signed-in customer acknowledged the current support rules, and a way to record it.
 * The record lives on the account (version and time), so no other browser asks again; a new
 * version of the rules asks once more.
 */
export function useRulesAcknowledgement(): { isAcknowledged: boolean; acknowledge(): Promise<void> } {
  const { user, setUser } = useAuth();
  const rules = user?.supportRules;
  const acknowledge = useCallback(async () => {
    if (!rules) return;
    setUser(await api.acknowledgeSupportRules(rules.version));
  }, [rules, setUser]);
  return { isAcknowledged: rules?.isAcknowledged ?? false, acknowledge };
}

/** "You acknowledged these rules on …", when you did. */
export function RulesAcknowledgedNote() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const at = user?.supportRules?.acknowledgedAt;
  if (!user?.supportRules?.isAcknowledged || !at) return null;
  return <p className="muted">{t('portal.rules.acknowledgedOn', { when: formatDateTime(at, { language: currentLanguage(), timeZone: user.timeZone }) })}</p>;
}

/** For agents: whether and when the customer acknowledged the support rules, and which version. */
export function RulesAcknowledgementLine({ user: customer }: { user: User }) {
  const { t } = useTranslation();
  const { user: reader } = useAuth();
  const rules = customer.supportRules;
  if (!rules) return null;
  if (!rules.isAcknowledged || !rules.acknowledgedAt) return <p className="muted">{t('workspace.customer.rulesNot')}</p>;
  const when = formatDateTime(rules.acknowledgedAt, { language: currentLanguage(), timeZone: reader?.timeZone });
  return <p className="muted">{t('workspace.customer.rules', { when, version: rules.acknowledgedVersion })}</p>;
}

/** The support rules, in and out of scope, as the vendor publishes them. */
export function RulesList() {
  const { t } = useTranslation();
  return (
    <ul className="rules-list">
      <li>
        <strong>{t('portal.rules.inScopeTitle')}</strong> {t('portal.rules.inScope')}
      </li>
      <li>
        <strong>{t('portal.rules.outOfScopeTitle')}</strong> {t('portal.rules.outOfScope')}
      </li>
      <li>
        <strong>{t('portal.rules.programmingTitle')}</strong> {t('portal.rules.programming')}
      </li>
      <li>
        <strong>{t('portal.rules.emergencyTitle')}</strong> {t('portal.rules.emergency')}
      </li>
    </ul>
  );
}

/** Shown before the first support request (and again when the rules change): the rules and a box to confirm they were read. */
export function RulesGate({ onAcknowledge }: { onAcknowledge(): Promise<void> }) {
  const { t } = useTranslation();
  const text = useMessageText();
  const checkboxId = useId();
  const [isChecked, setIsChecked] = useState(false);
  const [fieldError, setFieldError] = useState<Message | undefined>();
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setIsBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    if (!isChecked) {
      setFieldError(msg('portal.rules.mustConfirm'));
      document.getElementById(checkboxId)?.focus();
      return;
    }
    setIsBusy(true);
    try {
      await onAcknowledge();
    } catch (err) {
      setError(err);
      setIsBusy(false);
    }
  }

  return (
    <section className="card panel rules-card" aria-labelledby="rules-title">
      <h2 id="rules-title">{t('portal.rules.title')}</h2>
      <p>{t('portal.rules.intro')}</p>
      <RulesList />
      <form onSubmit={(event) => void submit(event)} noValidate>
        <div className={`field field-checkbox${fieldError ? ' field-invalid' : ''}`}>
          <input
            id={checkboxId}
            type="checkbox"
            checked={isChecked}
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={fieldError ? `${checkboxId}-error` : undefined}
            onChange={(event) => {
              setIsChecked(event.target.checked);
              setFieldError(undefined);
            }}
          />
          <label htmlFor={checkboxId}>{t('portal.rules.confirm')}</label>
          {fieldError && (
            <p className="field-error" id={`${checkboxId}-error`}>
              {text(fieldError)}
            </p>
          )}
        </div>
        <ErrorAlert error={error} />
        <button type="submit" className="button button-primary" disabled={isBusy}>
          {t('portal.rules.continue')}
        </button>
      </form>
    </section>
  );
}
