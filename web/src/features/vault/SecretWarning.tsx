import { useCallback, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { detectSecrets } from './secretRules.js';

/** The id of the customer's credentials form on a ticket page (CustomerVault.tsx), when support asked for access. */
const FORM_ID = 'vault-credentials';

/** The warning shown before a message that looks like it carries credentials is sent. */
export function SecretWarning({ hasForm }: { hasForm: boolean }) {
  const { t } = useTranslation();
  function openForm() {
    const form = document.getElementById(FORM_ID);
    form?.scrollIntoView({ behavior: 'smooth', block: 'center' });
    form?.querySelector<HTMLElement>('input, textarea')?.focus();
  }
  return (
    <div data-testid="secret-warning">
      <p>
        <strong>{t('vault.warning.title')}</strong> {t('vault.warning.text')}
      </p>
      {hasForm ? (
        <p>
          <button type="button" className="button button-quiet" onClick={openForm}>
            {t('vault.warning.useForm')}
          </button>
        </p>
      ) : (
        <p>{t('vault.warning.noForm')}</p>
      )}
    </div>
  );
}

/**
 * For a composer: given the text about to be sent, the warning to confirm first when it looks like
 * credentials (the same rules the server masks by), or nothing.
 */
export function useSecretWarning(): (body: string) => ReactNode | undefined {
  return useCallback((body: string) => {
    if (detectSecrets(body).length === 0) return undefined;
    return <SecretWarning hasForm={document.getElementById(FORM_ID) !== null} />;
  }, []);
}
