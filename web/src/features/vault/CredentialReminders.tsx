import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useResource } from '../../components/useResource.js';
import { vaultApi, type PendingChange } from './vaultApi.js';

/** On the Personal Account's home: access details support no longer holds, which the customer should change. */
export function CredentialReminders() {
  const { t } = useTranslation();
  const pending = useResource(() => vaultApi.pendingChanges(), []);
  const items = pending.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <section className="alert alert-warning" aria-labelledby="vault-reminders-title" data-region="vault-reminders">
      <h2 id="vault-reminders-title">{t('vault.reminders.title')}</h2>
      <ul>
        {items.map((item) => (
          <Reminder key={item.requestId} item={item} onConfirmed={() => void pending.reload()} />
        ))}
      </ul>
    </section>
  );
}

function Reminder({ item, onConfirmed }: { item: PendingChange; onConfirmed(): void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setIsBusy] = useState(false);

  async function confirm() {
    setError(null);
    setIsBusy(true);
    try {
      await vaultApi.confirmChanged(item.requestId);
      onConfirmed();
    } catch (err) {
      setError(err);
      setIsBusy(false);
    }
  }

  return (
    <li>
      <p>
        {t('vault.reminders.item', { kind: t(`vault.kinds.${item.kind}`) })} <Link to={`/account/tickets/${item.ticketId}`}>#{item.ticketNumber}</Link>
      </p>
      <ErrorAlert error={error} />
      <button type="button" className="button button-quiet" onClick={() => void confirm()} disabled={isBusy}>
        {t('vault.customer.changed')}
      </button>
    </li>
  );
}
