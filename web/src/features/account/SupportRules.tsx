import { useCallback, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

// Acknowledgement is remembered in this browser's localStorage per user (a new browser asks once more).
// Bump the version when the rules change so everyone reads them again.
const RULES_VERSION = '1';
const storageKey = (userId: string) => `supportdesk.rulesAcknowledged.${userId}`;

function readAcknowledged(userId: string): boolean {
  try {
    return window.localStorage.getItem(storageKey(userId)) === RULES_VERSION;
  } catch {
    return false;
  }
}

/** Whether this person has acknowledged the support rules (in this browser), and a way to record it. */
export function useRulesAcknowledgement(userId: string): { isAcknowledged: boolean; acknowledge(): void } {
  const [isAcknowledged, setIsAcknowledged] = useState(() => readAcknowledged(userId));
  const acknowledge = useCallback(() => {
    try {
      window.localStorage.setItem(storageKey(userId), RULES_VERSION);
    } catch {
      // Storage is off: the rules are acknowledged for this visit and asked again next time.
    }
    setIsAcknowledged(true);
  }, [userId]);
  return { isAcknowledged, acknowledge };
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

/** Shown once before the first question: the rules and a checkbox to confirm they were read. */
export function RulesGate({ onAcknowledge }: { onAcknowledge(): void }) {
  const { t } = useTranslation();
  const checkboxId = useId();
  const [isChecked, setIsChecked] = useState(false);
  const [error, setError] = useState<string | undefined>();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!isChecked) {
      setError(t('portal.rules.mustConfirm'));
      document.getElementById(checkboxId)?.focus();
      return;
    }
    onAcknowledge();
  }

  return (
    <section className="card panel rules-card" aria-labelledby="rules-title">
      <h2 id="rules-title">{t('portal.rules.title')}</h2>
      <p>{t('portal.rules.intro')}</p>
      <RulesList />
      <form onSubmit={submit} noValidate>
        <div className={`field field-checkbox${error ? ' field-invalid' : ''}`}>
          <input
            id={checkboxId}
            type="checkbox"
            checked={isChecked}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${checkboxId}-error` : undefined}
            onChange={(event) => {
              setIsChecked(event.target.checked);
              setError(undefined);
            }}
          />
          <label htmlFor={checkboxId}>{t('portal.rules.confirm')}</label>
          {error && (
            <p className="field-error" id={`${checkboxId}-error`}>
              {error}
            </p>
          )}
        </div>
        <button type="submit" className="button button-primary">
          {t('portal.rules.continue')}
        </button>
      </form>
    </section>
  );
}
