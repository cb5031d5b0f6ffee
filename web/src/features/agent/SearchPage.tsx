import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useAuth } from '../../app/auth.js';
import { Dialog } from '../../components/Dialog.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Loading } from '../../components/Loading.js';
import { useServerNow } from '../../components/useNow.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { TICKET_KINDS, TICKET_SORTS, TICKET_STATUSES, type TicketKind, type TicketQuery, type TicketSort, type TicketStatus } from '../tickets/api.js';
import { AgentNav } from './AgentNav.js';
import { BulkBar, useSelection } from './BulkBar.js';
import { QueueTable, type QueueTableHandle } from './QueueTable.js';
import { rememberQueue, useShortcuts } from './shortcuts.js';
import { useStaff } from './staff.js';
import { useTicketPages } from './useTicketPages.js';
import { viewsApi, type ViewFilters } from './workspaceApi.js';

// The filters live in the address. `q` is typed in the workspace's one search box (AgentNav, "/");
// `customer` is what the ticket page links to (all of a customer's tickets). Dates are local days.
const FILTERS = ['kind', 'status', 'assigneeId', 'tag', 'customer', 'licenseKey', 'createdFrom', 'createdTo', 'updatedFrom', 'updatedTo'] as const;
type Filter = (typeof FILTERS)[number];
const DATE_FILTERS = new Set<Filter>(['createdFrom', 'createdTo', 'updatedFrom', 'updatedTo']);

/** A local day (YYYY-MM-DD) as an instant: its start for "from", the next day's start for "until". */
function dayToInstant(day: string, edge: 'from' | 'to'): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + (edge === 'to' ? 1 : 0));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The ticket list's query (and a saved view's filters) from the address. */
function filtersFrom(params: URLSearchParams): ViewFilters {
  const get = (name: string) => params.get(name)?.trim() || undefined;
  const kind = get('kind');
  const status = get('status');
  return {
    queue: 'all',
    q: get('q'),
    kind: (TICKET_KINDS as readonly string[]).includes(kind ?? '') ? (kind as TicketKind) : undefined,
    status: (TICKET_STATUSES as readonly string[]).includes(status ?? '') ? (status as TicketStatus) : undefined,
    assigneeId: get('assigneeId'),
    tag: get('tag'),
    customerId: get('customer'),
    licenseKey: get('licenseKey'),
    createdFrom: dayToInstant(get('createdFrom') ?? '', 'from'),
    createdTo: dayToInstant(get('createdTo') ?? '', 'to'),
    updatedFrom: dayToInstant(get('updatedFrom') ?? '', 'from'),
    updatedTo: dayToInstant(get('updatedTo') ?? '', 'to'),
  };
}

function withoutEmpty<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '')) as T;
}

/** Every ticket, by what the search box names and by filters; each result says why it matched. */
export function SearchPage() {
  const { t } = useTranslation();
  usePageTitle(t('workspace.search.title'));
  const [params, setParams] = useSearchParams();
  const applied = useMemo(() => Object.fromEntries(FILTERS.map((name) => [name, params.get(name) ?? ''])) as Record<Filter, string>, [params]);
  const sortParam = params.get('sort') ?? '';
  const sort = (TICKET_SORTS as readonly string[]).includes(sortParam) ? (sortParam as TicketSort) : undefined;
  const [draft, setDraft] = useState(applied);
  const id = useId();
  const { staff, error: staffError } = useStaff();
  const now = useServerNow();
  const table = useRef<QueueTableHandle>(null);
  const filters = useMemo(() => withoutEmpty(filtersFrom(params)), [params]);
  const query: TicketQuery = useMemo(() => withoutEmpty({ ...filters, sort }), [filters, sort]);
  const pages = useTicketPages(query);
  const selection = useSelection(pages.items);
  const [isSaveOpen, setIsSaveOpen] = useState(false);
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
    const q = params.get('q');
    if (q) next.set('q', q);
    for (const name of FILTERS) if (draft[name].trim()) next.set(name, draft[name].trim());
    if (sort) next.set('sort', sort);
    setParams(next);
  }

  function clear() {
    const next = new URLSearchParams();
    const q = params.get('q');
    if (q) next.set('q', q);
    setParams(next);
  }

  const set = (name: Filter) => (event: { target: { value: string } }) => setDraft((d) => ({ ...d, [name]: event.target.value }));
  const text = (name: Filter, label: string) => (
    <div className="field">
      <label htmlFor={`${id}-${name}`}>{label}</label>
      <input id={`${id}-${name}`} type={DATE_FILTERS.has(name) ? 'date' : 'text'} value={draft[name]} onChange={set(name)} />
    </div>
  );
  return (
    <div className="page page-wide">
      <header className="page-header">
        <h1 id="page-title">{t('workspace.search.title')}</h1>
      </header>
      <AgentNav />
      <form className="card panel search-form" onSubmit={submit} aria-label={t('workspace.search.filters')}>
        <div className="filters">
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
          {text('tag', t('workspace.search.tag'))}
          {text('licenseKey', t('workspace.search.license'))}
          {text('createdFrom', t('workspace.search.createdFrom'))}
          {text('createdTo', t('workspace.search.createdTo'))}
          {text('updatedFrom', t('workspace.search.updatedFrom'))}
          {text('updatedTo', t('workspace.search.updatedTo'))}
        </div>
        {applied.customer && (
          <p className="search-customer">
            {t('workspace.search.customer')}: <code>{pages.items[0]?.customerId === applied.customer ? pages.items[0].customer.email : applied.customer}</code>{' '}
            <Link to={`/agent/search?${new URLSearchParams([...params].filter(([name]) => name !== 'customer')).toString()}`}>
              {t('workspace.search.customerAny')}
            </Link>
          </p>
        )}
        <ErrorAlert error={staffError} />
        <div className="search-actions">
          <button type="submit" className="button button-primary">
            {t('workspace.search.submit')}
          </button>
          <button type="button" className="button button-quiet" onClick={clear}>
            {t('workspace.search.clear')}
          </button>
          <button type="button" className="button button-quiet" onClick={() => setIsSaveOpen(true)}>
            {t('workspace.views.save')}
          </button>
        </div>
      </form>
      <section className="card panel" aria-labelledby="results-title">
        <h2 id="results-title">{filters.q ? t('workspace.search.query', { q: filters.q }) : t('workspace.search.results')}</h2>
        {!filters.q && <p className="muted">{t('workspace.search.noQuery')}</p>}
        <BulkBar tickets={pages.items} selection={selection} onDone={() => void pages.refresh()} />
        {pages.error ? (
          <ErrorAlert error={pages.error} />
        ) : pages.isLoading ? (
          <Loading />
        ) : pages.items.length === 0 ? (
          <p className="empty">{t('workspace.search.none')}</p>
        ) : (
          <>
            <QueueTable ref={table} tickets={pages.items} now={now} caption={t('workspace.search.results')} selection={selection} />
            <ErrorAlert error={pages.loadMoreError} />
            {pages.nextCursor && (
              <button type="button" className="button button-quiet load-more" onClick={() => void pages.loadMore()} disabled={pages.isLoadingMore}>
                {t('tickets.list.loadMore')}
              </button>
            )}
          </>
        )}
      </section>
      <SaveViewDialog isOpen={isSaveOpen} onClose={() => setIsSaveOpen(false)} filters={filters} sort={sort} />
    </div>
  );
}

/** Saves the current search as a view beside the queues: personal, or shared by an admin. */
function SaveViewDialog({ isOpen, onClose, filters, sort }: { isOpen: boolean; onClose(): void; filters: ViewFilters; sort?: TicketSort }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const navigate = useNavigate();
  const id = useId();
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const [order, setOrder] = useState<TicketSort>(sort ?? 'updated_desc');
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setIsBusy] = useState(false);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setIsBusy(true);
    setError(null);
    try {
      const view = await viewsApi.create({ name: name.trim(), shared, filters, sort: order });
      onClose();
      navigate(`/agent?view=${view.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <Dialog title={t('workspace.views.saveTitle')} isOpen={isOpen} onClose={onClose}>
      <form onSubmit={(event) => void save(event)} className="stack">
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('workspace.views.name')}</label>
          <input id={`${id}-name`} value={name} onChange={(event) => setName(event.target.value)} required maxLength={60} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-sort`}>{t('workspace.views.sort')}</label>
          <select id={`${id}-sort`} value={order} onChange={(event) => setOrder(event.target.value as TicketSort)}>
            {TICKET_SORTS.map((option) => (
              <option key={option} value={option}>
                {t(`workspace.views.sorts.${option}`)}
              </option>
            ))}
          </select>
        </div>
        {user?.role === 'admin' && (
          <label className="checkbox">
            <input type="checkbox" checked={shared} onChange={(event) => setShared(event.target.checked)} /> {t('workspace.views.shared')}
          </label>
        )}
        <ErrorAlert error={error} />
        <button type="submit" className="button button-primary" disabled={isBusy || name.trim() === ''}>
          {t('workspace.views.saveButton')}
        </button>
      </form>
    </Dialog>
  );
}
