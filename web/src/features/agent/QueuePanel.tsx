import { useTranslation } from 'react-i18next';

/** Tickets waiting for support, most urgent first. A placeholder until the tickets issue fills it. */
export function QueuePanel() {
  const { t } = useTranslation();
  return (
    <section className="card panel" aria-labelledby="queue-title" data-region="queue">
      <h2 id="queue-title">{t('agent.queue.title')}</h2>
      <p className="empty">{t('agent.queue.empty')}</p>
    </section>
  );
}
