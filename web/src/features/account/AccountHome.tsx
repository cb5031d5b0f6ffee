import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAuth } from '../../app/auth.js';
import { Notice } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { CredentialReminders } from '../vault/CredentialReminders.js';
import { AccountNav } from './AccountNav.js';
import { SupportStatus } from './SupportStatus.js';
import { UsuallyWithin } from '../reports/UsuallyWithin.js';
import { TicketsPanel } from './TicketsPanel.js';

/** The customer's Personal Account: support status and requests. */
export function AccountHome() {
  const { t } = useTranslation();
  const { user } = useAuth();
  usePageTitle(t('account.title'));
  return (
    <div className="page">
      <header className="page-header page-header-actions">
        <div>
          <h1 id="page-title">{t('account.title')}</h1>
          {user && <p className="muted">{t('account.greeting', { name: user.name })}</p>}
        </div>
        <Link to="/account/tickets/new" className="button button-primary">
          {t('portal.nav.newRequest')}
        </Link>
      </header>
      <AccountNav />
      {user && !user.emailVerified && <Notice>{t('account.unverified', { email: user.email })}</Notice>}
      <CredentialReminders />
      <SupportStatus />
      <UsuallyWithin kind="question" />
      <TicketsPanel />
    </div>
  );
}
