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
import { Loading } from '../../components/Loading.js';
import { viewsApi, type SavedView } from './workspaceApi.js';
import type { TicketQuery } from '../tickets/api.js';

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
  const viewId = params.get('view');
  usePageTitle(t('agent.title'));
  const counts = useResource(() => ticketsApi.queues(), []);
  const views = useResource(() => viewsApi.list(), []);
  const view = viewId ? views.data?.items.find((item) => item.id === viewId) : undefined;
  const queuePanel = useRef<QueuePanelHandle>(null);
  const debounce = useRef<number | undefined>(undefined);

  const reloadCounts = counts.reload;
  const reloadViews = views.reload;
  const refreshAll = useCallback(() => {
    window.clearTimeout(debounce.current);
    // Bursts of events (a reply changes status and adds a message) become one refetch.
    debounce.current = window.setTimeout(() => {
      void reloadCounts();
      void reloadViews();
      queuePanel.current?.refresh();
    }, 300);
  }, [reloadCounts, reloadViews]);
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
                <Link to={`/agent?queue=${name}`} aria-current={!viewId && name === queue ? 'page' : undefined} className={`queue-link queue-link-${name}`}>
                  <span>{t(`workspace.queues.${name}`)}</span>
                  <span className="count">{counts.data ? (counts.data[name] ?? 0) : '…'}</span>
                </Link>
              </li>
            ))}
          </ul>
          <ErrorAlert error={counts.error} />
          <SavedViewsNav views={views.data?.items} currentId={viewId} />
          <ErrorAlert error={views.error} />
        </nav>
        {viewId ? (
          view ? (
            <QueuePanel
              ref={queuePanel}
              queue={view.filters.queue}
              view={{ query: viewQuery(view), title: t('workspace.views.title', { name: view.name }), from: `/agent?view=${view.id}` }}
            />
          ) : views.isLoading ? (
            <Loading />
          ) : (
            <section className="card panel queue-panel">
              <p className="empty">{t('workspace.views.notFound')}</p>
            </section>
          )
        ) : (
          <QueuePanel ref={queuePanel} queue={queue} />
        )}
      </div>
    </div>
  );
}

/** What a saved view lists: its filters and its order. */
function viewQuery(view: SavedView): TicketQuery {
  return { ...view.filters, sort: view.sort };
}

/** The saved views beside the built-in queues, each with its live count. */
function SavedViewsNav({ views, currentId }: { views: SavedView[] | undefined; currentId: string | null }) {
  const { t } = useTranslation();
  return (
    <div className="saved-views">
      <h2 className="saved-views-title">{t('workspace.views.label')}</h2>
      {views === undefined ? null : views.length === 0 ? (
        <p className="muted">{t('workspace.views.none')}</p>
      ) : (
        <ul>
          {views.map((view) => (
            <li key={view.id}>
              <Link to={`/agent?view=${view.id}`} aria-current={view.id === currentId ? 'page' : undefined} className="queue-link view-link">
                <span>
                  {view.name}
                  {view.shared && <span className="muted"> · {t('workspace.views.sharedBadge')}</span>}
                </span>
                <span className="count">{view.count ?? '…'}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
