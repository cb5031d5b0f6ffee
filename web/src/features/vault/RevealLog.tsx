import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth.js';
import { currentLanguage } from '../../i18n/index.js';
import { formatDateTime } from '../tickets/format.js';
import type { RevealLogEntry } from './vaultApi.js';

/** Who looked at the credentials, when and why, and who tried and was refused (R7: the customer sees all of it). */
export function RevealLog({ entries, isCustomer }: { entries: RevealLogEntry[]; isCustomer: boolean }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const language = currentLanguage();
  if (entries.length === 0) return isCustomer ? null : <p className="muted">{t('vault.log.empty')}</p>;
  return (
    <>
      <h4 className="vault-log-title">{t('vault.log.title')}</h4>
      <ol className="vault-log">
        {entries.map((entry) => {
          const values = { name: entry.actor.name, when: formatDateTime(entry.at, { language, timeZone: user?.timeZone }), reason: entry.reason };
          return (
            <li key={entry.id} className={entry.outcome === 'refused' ? 'vault-refused' : undefined}>
              <time dateTime={entry.at}>{values.when}</time>{' '}
              {entry.outcome === 'revealed'
                ? t('vault.log.revealed', values)
                : t(
                    entry.refusal === 'not_assigned'
                      ? 'vault.log.refusedNotAssigned'
                      : entry.refusal === 'second_factor_failed'
                        ? 'vault.log.refusedSecondFactor'
                        : 'vault.log.refusedPassword',
                    values,
                  )}
            </li>
          );
        })}
      </ol>
    </>
  );
}
