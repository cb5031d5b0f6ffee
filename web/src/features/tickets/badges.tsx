import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth.js';
import { currentLanguage } from '../../i18n/index.js';
import { OPEN_KINDS, type Ticket, type TicketStatus } from './api.js';
import { dueStateOf, formatDue, formatDuration, isWaitingForSupport } from './format.js';

export type Audience = 'customer' | 'agent';

/**
 * A ticket's status in the audience's words: customers read "Support has replied" for pending, and
 * "Declined" for a request support declined (R6), not "Resolved".
 */
export function StatusBadge({ status, audience, resolution }: { status: TicketStatus; audience: Audience; resolution?: string | null }) {
  const { t } = useTranslation();
  if (audience === 'customer' && resolution === 'declined' && (status === 'resolved' || status === 'closed'))
    return <span className="badge badge-status badge-declined">{t('tickets.status.customer.declined')}</span>;
  return <span className={`badge badge-status badge-${status}`}>{t(`tickets.status.${audience}.${status}`)}</span>;
}

/**
 * Time left until a reply is due, counted from the server's clock: amber under four hours, red when
 * overdue, grey for best effort. The words carry the meaning; the colour only repeats it.
 */
export function DueBadge({ ticket, now }: { ticket: Pick<Ticket, 'replyDueAt' | 'waitingSince' | 'kind' | 'status'>; now: number }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const { tone, ms } = dueStateOf(ticket, now);
  if (tone === 'none') {
    const text = ticket.status === 'pending' ? t('tickets.due.customersTurn') : OPEN_KINDS.includes(ticket.kind) ? t('tickets.due.noTarget') : '—';
    return <span className="due due-none">{text}</span>;
  }
  if (tone === 'best-effort') return <span className="due due-best-effort">{t('tickets.due.bestEffort')}</span>;
  const title = ticket.replyDueAt
    ? t('tickets.due.dueAt', { when: formatDue(ticket.replyDueAt, { language: currentLanguage(), timeZone: user?.timeZone }) })
    : undefined;
  return (
    <span className={`due due-${tone}`} title={title}>
      {tone === 'overdue' ? t('tickets.due.overdueBy', { time: formatDuration(t, -ms) }) : t('tickets.due.left', { time: formatDuration(t, ms) })}
    </span>
  );
}

/**
 * What the customer is promised (R2, R5): "We will reply by Mon 30 Nov, 19:00" in their own zone, or
 * "best effort" when the guarantee does not cover this message; nothing for suggestions and partnership.
 */
export function ReplyDueNote({ ticket, now }: { ticket: Ticket; now: number }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  if (!isWaitingForSupport(ticket) || OPEN_KINDS.includes(ticket.kind)) return null;
  if (ticket.replyDueAt) {
    const when = formatDue(ticket.replyDueAt, { language: currentLanguage(), timeZone: user?.timeZone });
    const isLate = Date.parse(ticket.replyDueAt) < now;
    return (
      <p className="reply-due" data-testid="reply-due">
        {isLate ? t('tickets.customer.replyLate', { when }) : t('tickets.customer.replyBy', { when })}
      </p>
    );
  }
  if (!ticket.guaranteed) {
    return (
      <p className="reply-due reply-due-best-effort" data-testid="reply-due">
        {t('tickets.customer.bestEffort')}
      </p>
    );
  }
  return null;
}
