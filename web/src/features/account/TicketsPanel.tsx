import { useTranslation } from 'react-i18next';

/** The customer's requests, active and archive. A placeholder until the tickets issue fills it. */
export function TicketsPanel() {
  const { t } = useTranslation();
  return (
    <section className="card panel" aria-labelledby="tickets-title" data-region="tickets">
      <h2 id="tickets-title">{t('account.tickets.title')}</h2>
      <p className="empty">{t('account.tickets.empty')}</p>
    </section>
  );
}
