import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth.js';
import { Notice } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { SupportStatus } from './SupportStatus.js';
import { TicketsPanel } from './TicketsPanel.js';

/** The customer's Personal Account: support status and requests. */
export function AccountHome() {
  const { t } = useTranslation();
  const { user } = useAuth();
  usePageTitle(t('account.title'));
  return (
    <div className="page">
      <header className="page-header">
        <h1 id="page-title">{t('account.title')}</h1>
        {user && <p className="muted">{t('account.greeting', { name: user.name })}</p>}
      </header>
      {user && !user.emailVerified && <Notice>{t('account.unverified', { email: user.email })}</Notice>}
      <div className="panels">
        <SupportStatus />
        <TicketsPanel />
      </div>
    </div>
  );
}
