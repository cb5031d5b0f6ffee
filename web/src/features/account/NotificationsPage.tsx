import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePageTitle } from '../../components/usePageTitle.js';
import { NotificationPreferences } from '../notifications/NotificationPreferences.js';
import { AccountNav } from './AccountNav.js';

/** Notification preferences: which optional mails the customer gets. */
export function NotificationsPage() {
  const { t } = useTranslation();
  usePageTitle(t('portal.notifications.title'));
  return (
    <div className="page">
      <header className="page-header">
        <h1 id="page-title">{t('portal.notifications.title')}</h1>
      </header>
      <AccountNav />
      {/* The mail feature adds its preference controls to this section. */}
      <section className="card panel" aria-labelledby="notification-preferences-title" data-region="notification-preferences">
        <h2 id="notification-preferences-title">{t('portal.notifications.sectionTitle')}</h2>
        <NotificationPreferences />
        <p>
          {t('portal.notifications.profileHint')} <Link to="/settings">{t('nav.settings')}</Link>
        </p>
      </section>
    </div>
  );
}
