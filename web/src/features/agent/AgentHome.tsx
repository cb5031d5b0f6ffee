import { useCallback, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useAuth } from '../../app/auth.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { useResource } from '../../components/useResource.js';
import { QUEUES, ticketsApi, type QueueName } from '../tickets/api.js';
import { useLiveEvents, usePollingFallback } from '../tickets/live.js';
import { LiveStatusNote } from '../tickets/Timeline.js';
import { AgentNav } from './AgentNav.js';
import { AvailabilityToggle } from './AvailabilityToggle.js';
import { QueuePanel, type QueuePanelHandle } from './QueuePanel.js';

const DEFAULT_QUEUE: QueueName = 'due';

function isQueue(value: string | null): value is (typeof QUEUES)[number] {
  return value !== null && (QUEUES as readonly string[]).includes(value);
}

/** Where agents and admins start: the queues with their counts, and the chosen queue's tickets. */
export function AgentHome() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const [params] = useSearchParams();
  const raw = params.get('queue');
  const queue: QueueName = isQueue(raw) ? raw : DEFAULT_QUEUE;
  usePageTitle(t('agent.title'));
  const counts = useResource(() => ticketsApi.queues(), []);
  const queuePanel = useRef<QueuePanelHandle>(null);
  const debounce = useRef<number | undefined>(undefined);

  const reloadCounts = counts.reload;
  const refreshAll = useCallback(() => {
    window.clearTimeout(debounce.current);
    // Bursts of events (a reply changes status and adds a message) become one refetch.
    debounce.current = window.setTimeout(() => {
      void reloadCounts();
      queuePanel.current?.refresh();
    }, 300);
  }, [reloadCounts]);
  useEffect(() => {
    return () => window.clearTimeout(debounce.current);
  }, []);

  const liveStatus = useLiveEvents((event) => {
    if (event.type !== 'ticket.typing') refreshAll();
  });
  usePollingFallback(liveStatus, refreshAll);

  return (
    <div className="page page-wide">
      <header className="page-header page-header-actions">
        <div>
          <h1 id="page-title">{t('agent.title')}</h1>
          {user && <p className="muted">{t('agent.greeting', { name: user.name, role: t(`roles.${user.role}`) })}</p>}
        </div>
        <AvailabilityToggle />
      </header>
      <AgentNav />
      <LiveStatusNote status={liveStatus} />
      <div className="workspace-layout">
        <nav className="queue-nav card" aria-label={t('workspace.queues.label')}>
          <ul>
            {QUEUES.map((name) => (
              <li key={name}>
                <Link to={`/agent?queue=${name}`} aria-current={name === queue ? 'page' : undefined} className={`queue-link queue-link-${name}`}>
                  <span>{t(`workspace.queues.${name}`)}</span>
                  <span className="count">{counts.data ? (counts.data[name] ?? 0) : '…'}</span>
                </Link>
              </li>
            ))}
          </ul>
          <ErrorAlert error={counts.error} />
        </nav>
        <QueuePanel ref={queuePanel} queue={queue} />
      </div>
    </div>
  );
}
