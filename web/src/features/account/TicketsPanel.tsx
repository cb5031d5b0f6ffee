import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAuth } from '../../app/auth.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Loading } from '../../components/Loading.js';
import { useResource } from '../../components/useResource.js';
import { currentLanguage } from '../../i18n/index.js';
import { ticketsApi, type TicketListItem } from '../tickets/api.js';
import { StatusBadge } from '../tickets/badges.js';
import { formatDateTime } from '../tickets/format.js';
import { useLiveEvents } from '../tickets/live.js';

/** The customer's requests: the active ones first, then the archive (closed). */
export function TicketsPanel() {
  const { t } = useTranslation();
  return (
    <section className="card panel" aria-labelledby="tickets-title" data-region="tickets">
      <h2 id="tickets-title">{t('account.tickets.title')}</h2>
      <TicketList scope="active" empty={t('account.tickets.empty')} labelId="tickets-title" />
      <h3 id="archive-title">{t('portal.tickets.archive')}</h3>
      <TicketList scope="archive" empty={t('portal.tickets.archiveEmpty')} labelId="archive-title" />
    </section>
  );
}

function TicketList({ scope, empty, labelId }: { scope: 'active' | 'archive'; empty: string; labelId: string }) {
  const { t } = useTranslation();
  const first = useResource(() => ticketsApi.list({ scope, limit: 20 }), [scope]);
  const [more, setMore] = useState<TicketListItem[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [moreError, setMoreError] = useState<unknown>(null);
  const [isBusy, setIsBusy] = useState(false);
  // An agent's reply or a status change shows up without reloading the page.
  useLiveEvents((event) => {
    if (event.type !== 'ticket.typing') {
      setMore([]);
      setCursor(undefined);
      void first.reload();
    }
  });

  if (first.error) return <ErrorAlert error={first.error} />;
  if (!first.data) return <Loading />;
  const items = [...first.data.items, ...more];
  const next = cursor === undefined ? first.data.nextCursor : cursor;

  async function loadMore() {
    if (!next) return;
    setIsBusy(true);
    setMoreError(null);
    try {
      const page = await ticketsApi.list({ scope, limit: 20, cursor: next });
      setMore((list) => [...list, ...page.items]);
      setCursor(page.nextCursor);
    } catch (err) {
      setMoreError(err);
    } finally {
      setIsBusy(false);
    }
  }

  if (items.length === 0) return <p className="empty">{empty}</p>;
  return (
    <>
      <ul className="ticket-cards" aria-labelledby={labelId}>
        {items.map((ticket) => (
          <CustomerTicketRow key={ticket.id} ticket={ticket} />
        ))}
      </ul>
      <ErrorAlert error={moreError} />
      {next && (
        <button type="button" className="button button-quiet" onClick={() => void loadMore()} disabled={isBusy}>
          {t('tickets.list.loadMore')}
        </button>
      )}
    </>
  );
}

function CustomerTicketRow({ ticket }: { ticket: TicketListItem }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  return (
    <li className={`ticket-card ticket-card-${ticket.status}`}>
      <div className="ticket-card-main">
        <Link to={`/account/tickets/${ticket.id}`} className="ticket-link">
          <span className="ticket-number">#{ticket.number}</span> {ticket.subject}
        </Link>
        <span className="muted">
          {t(`tickets.kind.${ticket.kind}`)}
          {ticket.site ? ` · ${ticket.site}` : ''} ·{' '}
          {t('portal.tickets.updated', { when: formatDateTime(ticket.updatedAt, { language: currentLanguage(), timeZone: user?.timeZone }) })}
        </span>
      </div>
      <StatusBadge status={ticket.status} audience="customer" resolution={ticket.resolution} />
    </li>
  );
}
