import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Loading } from '../../components/Loading.js';
import { useServerNow } from '../../components/useNow.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { TICKET_KINDS, TICKET_STATUSES, type TicketQuery } from '../tickets/api.js';
import { AgentNav } from './AgentNav.js';
import { QueueTable, type QueueTableHandle } from './QueueTable.js';
import { rememberQueue, useShortcuts } from './shortcuts.js';
import { useStaff } from './staff.js';
import { useTicketPages } from './useTicketPages.js';

const FILTERS = ['q', 'kind', 'status', 'assigneeId', 'tag'] as const;
type Filter = (typeof FILTERS)[number];

/** Every ticket, by words and filters (kind, status, assignee, tag); the filters live in the address. */
export function SearchPage() {
  const { t } = useTranslation();
  usePageTitle(t('workspace.search.title'));
  const [params, setParams] = useSearchParams();
  const applied = useMemo(() => Object.fromEntries(FILTERS.map((name) => [name, params.get(name) ?? ''])) as Record<Filter, string>, [params]);
  const [draft, setDraft] = useState(applied);
  const id = useId();
  const { staff, error: staffError } = useStaff();
  const now = useServerNow();
  const table = useRef<QueueTableHandle>(null);
  const query: TicketQuery = useMemo(() => ({ queue: 'all', ...Object.fromEntries(Object.entries(applied).filter(([, v]) => v !== '')) }), [applied]);
  const pages = useTicketPages(query);
  useShortcuts({ j: () => table.current?.move(1), k: () => table.current?.move(-1) });
  useEffect(() => {
    setDraft(applied);
  }, [applied]);
  useEffect(() => {
    if (!pages.isLoading) rememberQueue({ from: `/agent/search?${params.toString()}`, ids: pages.items.map((ticket) => ticket.id) });
  }, [pages.items, pages.isLoading, params]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const name of FILTERS) if (draft[name].trim()) next.set(name, draft[name].trim());
    setParams(next);
  }

  const set = (name: Filter) => (event: { target: { value: string } }) => setDraft((d) => ({ ...d, [name]: event.target.value }));
  return (
    <div className="page page-wide">
      <header className="page-header">
        <h1 id="page-title">{t('workspace.search.title')}</h1>
      </header>
      <AgentNav />
      <form className="card panel search-form" onSubmit={submit} aria-label={t('workspace.search.filters')}>
        <div className="filters">
          <div className="field">
            <label htmlFor={`${id}-q`}>{t('workspace.search.words')}</label>
            <input id={`${id}-q`} type="search" value={draft.q} onChange={set('q')} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-kind`}>{t('workspace.columns.kind')}</label>
            <select id={`${id}-kind`} value={draft.kind} onChange={set('kind')}>
              <option value="">{t('workspace.search.any')}</option>
              {TICKET_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`tickets.kind.${kind}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-status`}>{t('workspace.columns.status')}</label>
            <select id={`${id}-status`} value={draft.status} onChange={set('status')}>
              <option value="">{t('workspace.search.any')}</option>
              {TICKET_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {t(`tickets.status.agent.${status}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-assignee`}>{t('workspace.properties.assignee')}</label>
            <select id={`${id}-assignee`} value={draft.assigneeId} onChange={set('assigneeId')}>
              <option value="">{t('workspace.search.anyone')}</option>
              <option value="none">{t('workspace.properties.nobody')}</option>
              {staff.map((person) => (
                <option key={person.id} value={person.id}>
                  {person.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-tag`}>{t('workspace.search.tag')}</label>
            <input id={`${id}-tag`} value={draft.tag} onChange={set('tag')} />
          </div>
        </div>
        <ErrorAlert error={staffError} />
        <button type="submit" className="button button-primary">
          {t('workspace.search.submit')}
        </button>
      </form>
      <section className="card panel" aria-labelledby="results-title">
        <h2 id="results-title">{t('workspace.search.results')}</h2>
        {pages.error ? (
          <ErrorAlert error={pages.error} />
        ) : pages.isLoading ? (
          <Loading />
        ) : pages.items.length === 0 ? (
          <p className="empty">{t('workspace.search.none')}</p>
        ) : (
          <>
            <QueueTable ref={table} tickets={pages.items} now={now} caption={t('workspace.search.results')} />
            <ErrorAlert error={pages.loadMoreError} />
            {pages.nextCursor && (
              <button type="button" className="button button-quiet load-more" onClick={() => void pages.loadMore()} disabled={pages.isLoadingMore}>
                {t('tickets.list.loadMore')}
              </button>
            )}
          </>
        )}
      </section>
    </div>
  );
}
