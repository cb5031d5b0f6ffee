import { useImperativeHandle, useRef, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TicketListItem } from '../tickets/api.js';
import { DueBadge, StatusBadge } from '../tickets/badges.js';

export interface QueueTableHandle {
  /** Moves keyboard focus to the next (+1) or previous (-1) ticket link (j/k). */
  move(step: 1 | -1): void;
}

/** Which rows are ticked for a bulk action (see useSelection). */
export interface RowSelection {
  selected: ReadonlySet<string>;
  toggle(id: string): void;
  setAll(ids: string[], checked: boolean): void;
}

/**
 * Tickets as rows: number, subject, kind, customer, license and time left (a stacked card on
 * phones); with `selection`, a checkbox per row for bulk actions; with search results, why each matched.
 */
export function QueueTable({
  tickets,
  now,
  caption,
  selection,
  ref,
}: {
  tickets: TicketListItem[];
  now: number;
  caption: string;
  selection?: RowSelection;
  ref?: Ref<QueueTableHandle>;
}) {
  const { t } = useTranslation();
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const showReasons = tickets.some((ticket) => ticket.matchedBy !== undefined);
  const allSelected = selection !== undefined && tickets.length > 0 && tickets.every((ticket) => selection.selected.has(ticket.id));

  useImperativeHandle(ref, () => ({
    move(step) {
      const links = Array.from(bodyRef.current?.querySelectorAll<HTMLAnchorElement>('a.ticket-link') ?? []);
      if (links.length === 0) return;
      const current = links.findIndex((link) => link === document.activeElement);
      const next = current === -1 ? (step === 1 ? 0 : links.length - 1) : Math.min(links.length - 1, Math.max(0, current + step));
      links[next]?.focus();
      links[next]?.closest('tr')?.scrollIntoView({ block: 'nearest' });
    },
  }));

  return (
    <table className="data-table queue-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {selection && (
            <th scope="col" className="cell-select">
              <input
                type="checkbox"
                aria-label={t('workspace.bulk.selectAll')}
                checked={allSelected}
                onChange={(event) =>
                  selection.setAll(
                    tickets.map((ticket) => ticket.id),
                    event.target.checked,
                  )
                }
              />
            </th>
          )}
          <th scope="col">{t('workspace.columns.number')}</th>
          <th scope="col">{t('workspace.columns.subject')}</th>
          <th scope="col">{t('workspace.columns.kind')}</th>
          <th scope="col">{t('workspace.columns.customer')}</th>
          <th scope="col">{t('workspace.columns.license')}</th>
          <th scope="col">{t('workspace.columns.status')}</th>
          <th scope="col">{t('workspace.columns.timeLeft')}</th>
          {showReasons && <th scope="col">{t('workspace.search.matched')}</th>}
        </tr>
      </thead>
      <tbody ref={bodyRef}>
        {tickets.map((ticket) => (
          <tr key={ticket.id} data-ticket-id={ticket.id}>
            {selection && (
              <td className="cell-select">
                <input
                  type="checkbox"
                  aria-label={t('workspace.bulk.selectRow', { number: ticket.number })}
                  checked={selection.selected.has(ticket.id)}
                  onChange={() => selection.toggle(ticket.id)}
                />
              </td>
            )}
            <td data-label={t('workspace.columns.number')} className="cell-number">
              #{ticket.number}
            </td>
            <td data-label={t('workspace.columns.subject')} className="cell-subject">
              <Link to={`/agent/tickets/${ticket.id}`} className="ticket-link">
                {ticket.subject}
              </Link>
            </td>
            <td data-label={t('workspace.columns.kind')}>{t(`tickets.kind.${ticket.kind}`)}</td>
            <td data-label={t('workspace.columns.customer')}>{ticket.customer.name}</td>
            <td data-label={t('workspace.columns.license')}>{ticket.licenseKey ? <code>{ticket.licenseKey}</code> : '—'}</td>
            <td data-label={t('workspace.columns.status')}>
              <StatusBadge status={ticket.status} audience="agent" />
            </td>
            <td data-label={t('workspace.columns.timeLeft')}>
              <DueBadge ticket={ticket} now={now} />
            </td>
            {showReasons && (
              <td data-label={t('workspace.search.matched')} className="cell-reasons">
                {(ticket.matchedBy ?? []).map((reason) => t(`workspace.search.reasons.${reason}`)).join(', ')}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
