import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { QueuePanel } from './QueuePanel.js';

/** Where agents and admins start: the queue of tickets waiting for support. */
export function AgentHome() {
  const { t } = useTranslation();
  const { user } = useAuth();
  usePageTitle(t('agent.title'));
  return (
    <div className="page">
      <header className="page-header">
        <h1 id="page-title">{t('agent.title')}</h1>
        {user && <p className="muted">{t('agent.greeting', { name: user.name, role: t(`roles.${user.role}`) })}</p>}
      </header>
      <QueuePanel />
    </div>
  );
}
