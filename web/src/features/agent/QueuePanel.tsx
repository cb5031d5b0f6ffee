import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Loading } from '../../components/Loading.js';
import { useServerNow } from '../../components/useNow.js';
import type { QueueName, TicketQuery } from '../tickets/api.js';
import { BulkBar, useSelection } from './BulkBar.js';
import { QueueTable, type QueueTableHandle } from './QueueTable.js';
import { rememberQueue, useShortcuts } from './shortcuts.js';
import { useTicketPages } from './useTicketPages.js';

export interface QueuePanelHandle {
  /** Fetches the shown rows again (a live update arrived). */
  refresh(): void;
}

/**
 * The tickets of one queue, in the queue's order, with "load more"; j/k walk the rows; ticked rows
 * take bulk actions. A saved view passes its own query, title and address.
 */
export function QueuePanel({
  queue,
  view,
  ref,
}: {
  queue: QueueName;
  view?: { query: TicketQuery; title: string; from: string };
  ref?: Ref<QueuePanelHandle>;
}) {
  const { t } = useTranslation();
  const now = useServerNow();
  const pages = useTicketPages(view?.query ?? { queue });
  const table = useRef<QueueTableHandle>(null);
  const selection = useSelection(pages.items);
  const from = view?.from ?? `/agent?queue=${queue}`;

  const { refresh } = pages;
  // The parent asks for a refresh through a handle, never by a callback whose value could leak back
  // into an effect (a refresh returned as an effect's cleanup once refetched on every render).
  useImperativeHandle(ref, () => ({ refresh: () => void refresh() }), [refresh]);
  useEffect(() => {
    if (!pages.isLoading) rememberQueue({ from, ids: pages.items.map((ticket) => ticket.id) });
  }, [pages.items, pages.isLoading, from]);
  useShortcuts({ j: () => table.current?.move(1), k: () => table.current?.move(-1) });

  const name = view?.title ?? t(`workspace.queues.${queue === 'all' ? 'due' : queue}`);
  return (
    <section className="card panel queue-panel" aria-labelledby="queue-title" data-region="queue">
      <h2 id="queue-title">{view ? view.title : t('workspace.queueTitle', { title: t('agent.queue.title'), name })}</h2>
      <BulkBar tickets={pages.items} selection={selection} onDone={() => void refresh()} />
      {pages.error ? (
        <ErrorAlert error={pages.error} />
      ) : pages.isLoading ? (
        <Loading />
      ) : pages.items.length === 0 ? (
        <p className="empty">{t('agent.queue.empty')}</p>
      ) : (
        <>
          <QueueTable ref={table} tickets={pages.items} now={now} caption={name} selection={selection} />
          <ErrorAlert error={pages.loadMoreError} />
          {pages.nextCursor && (
            <button type="button" className="button button-quiet load-more" onClick={() => void pages.loadMore()} disabled={pages.isLoadingMore}>
              {pages.isLoadingMore ? t('app.loading') : t('tickets.list.loadMore')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
