import { useTranslation } from 'react-i18next';

/**
 * Licenses and whether replies are guaranteed (R1, R5, R9): "replies guaranteed within 24 business
 * hours until …". A placeholder until the licenses issue brings GET /api/v1/me/entitlement.
 */
export function SupportStatus() {
  const { t } = useTranslation();
  return (
    <section className="card panel" aria-labelledby="support-status-title" data-region="support-status">
      <h2 id="support-status-title">{t('account.status.title')}</h2>
      <p className="muted">{t('account.status.empty')}</p>
    </section>
  );
}
