import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { useAuth } from '../../app/auth.js';
import { ErrorAlert, Notice } from '../../components/ErrorAlert.js';
import { Loading } from '../../components/Loading.js';
import { useServerNow } from '../../components/useNow.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { useResource } from '../../components/useResource.js';
import { currentLanguage } from '../../i18n/index.js';
import { DECLINE_REASONS, ticketsApi, type TicketDetail } from '../tickets/api.js';
import { ReplyDueNote, StatusBadge } from '../tickets/badges.js';
import { Composer } from '../tickets/Composer.js';
import { Conversation } from '../tickets/Conversation.js';
import { formatDateTime, IDLE_WARNING_MS } from '../tickets/format.js';
import { useLiveEvents, usePollingFallback } from '../tickets/live.js';
import { VaultSlot } from '../tickets/VaultSlot.js';
import { useSecretWarning } from '../vault/SecretWarning.js';
import { AccountNav } from './AccountNav.js';
import { RatingForm } from './RatingForm.js';

/** One of the customer's requests: the conversation, when a reply is due, replying, resolving and rating. */
export function CustomerTicketPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const location = useLocation();
  const isNew = (location.state as { created?: boolean } | null)?.created === true;
  const detail = useResource(() => ticketsApi.get(id), [id]);
  const status = useLiveEvents((event) => {
    if (event.type === 'stream.reconnected' || (event.ticketId === id && event.type !== 'ticket.typing')) void detail.reload();
  });
  usePollingFallback(status, () => void detail.reload());
  usePageTitle(detail.data ? `#${detail.data.ticket.number} ${detail.data.ticket.subject}` : t('portal.ticket.title'));

  return (
    <div className="page">
      {detail.data ? (
        <TicketView key={detail.data.ticket.id} detail={detail.data} isNew={isNew} onChanged={() => void detail.reload()} />
      ) : (
        <>
          <header className="page-header">
            <h1 id="page-title">{t('portal.ticket.title')}</h1>
          </header>
          <AccountNav />
          {detail.error ? <ErrorAlert error={detail.error} /> : <Loading />}
          <p>
            <Link to="/account">{t('portal.ticket.back')}</Link>
          </p>
        </>
      )}
    </div>
  );
}

function TicketView({ detail, isNew, onChanged }: { detail: TicketDetail; isNew: boolean; onChanged(): void }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const navigate = useNavigate();
  const now = useServerNow();
  const { ticket, messages } = detail;
  const language = currentLanguage();
  const names = useMemo(() => new Map([[detail.customer.id, detail.customer.name]]), [detail.customer]);
  const [actionError, setActionError] = useState<unknown>(null);
  const [isBusy, setIsBusy] = useState(false);
  const lastAt = messages.at(-1)?.arrivedAt;
  const isIdle = lastAt !== undefined && now - Date.parse(lastAt) > IDLE_WARNING_MS;
  const canResolve = ticket.status === 'open' || ticket.status === 'pending';
  // R6: a declined request says why and asks for better information; it is not rated.
  const isDeclined = ticket.resolution === 'declined' && (ticket.status === 'resolved' || ticket.status === 'closed');
  // Something that looks like a password: warn first and offer the vault (the server masks it anyway).
  const secretWarning = useSecretWarning();

  async function resolve() {
    setActionError(null);
    setIsBusy(true);
    try {
      await ticketsApi.update(ticket.id, { status: 'resolved' });
      onChanged();
    } catch (err) {
      setActionError(err);
    } finally {
      setIsBusy(false);
    }
  }

  async function send({ body, attachmentIds }: { body: string; attachmentIds: string[] }) {
    const result = await ticketsApi.addMessage(ticket.id, { body, attachmentIds });
    if (result.followUp) {
      // A reply to a closed request opens a linked follow-up; take the customer there.
      navigate(`/account/tickets/${result.ticket.id}`, { state: { created: true } });
      return;
    }
    onChanged();
  }

  return (
    <>
      <header className="page-header">
        <p className="muted ticket-meta-line">
          <span className="ticket-number">#{ticket.number}</span> · {t(`tickets.kind.${ticket.kind}`)}
          {ticket.site ? ` · ${ticket.site}` : ''}
        </p>
        <h1 id="page-title">{ticket.subject}</h1>
        <div className="ticket-status-line">
          <StatusBadge status={ticket.status} audience="customer" resolution={ticket.resolution} />
          <span className="muted">{t('portal.ticket.opened', { when: formatDateTime(ticket.createdAt, { language, timeZone: user?.timeZone }) })}</span>
        </div>
      </header>
      <AccountNav />
      {isNew && <Notice>{t('portal.ticket.createdNotice')}</Notice>}
      {ticket.followUpOf && (
        <p className="muted">
          {t('portal.ticket.followUpOf')} <Link to={`/account/tickets/${ticket.followUpOf}`}>{t('portal.ticket.openEarlier')}</Link>
        </p>
      )}
      <ReplyDueNote ticket={ticket} now={now} />
      {isDeclined && <DeclineCard detail={detail} />}
      <div className="ticket-layout ticket-layout-customer">
        <div className="ticket-main">
          <section aria-labelledby="conversation-title">
            <h2 id="conversation-title" className="visually-hidden">
              {t('tickets.conversation.title')}
            </h2>
            <Conversation messages={messages} audience="customer" names={names} />
          </section>
          {ticket.mergedInto ? (
            <p className="alert alert-info">
              {t('portal.ticket.merged')} <Link to={`/account/tickets/${ticket.mergedInto}`}>{t('portal.ticket.openMerged')}</Link>
            </p>
          ) : (
            <section className="card panel" aria-labelledby="reply-title">
              <h2 id="reply-title">
                {ticket.status === 'closed'
                  ? t('portal.ticket.replyClosedTitle')
                  : isDeclined
                    ? t('portal.ticket.declinedAnswer')
                    : t('portal.ticket.replyTitle')}
              </h2>
              {ticket.status === 'resolved' && !isDeclined && <p className="muted">{t('portal.ticket.reopenHint')}</p>}
              {ticket.status === 'closed' && <p className="muted">{isDeclined ? t('portal.ticket.declinedClosedHint') : t('portal.ticket.followUpHint')}</p>}
              <Composer
                audience="customer"
                label={t('portal.ticket.replyLabel')}
                onSend={send}
                confirmBeforeSend={(body) =>
                  secretWarning(body) ??
                  (isIdle ? (
                    <p>
                      {t('portal.ticket.idleWarning')} <Link to="/account/tickets/new">{t('portal.ticket.idleNew')}</Link>
                    </p>
                  ) : undefined)
                }
              />
            </section>
          )}
        </div>
        <aside className="ticket-side" aria-label={t('portal.ticket.sideLabel')}>
          {canResolve && (
            <section className="card panel" aria-labelledby="resolve-title">
              <h2 id="resolve-title">{t('portal.ticket.resolveTitle')}</h2>
              <p className="muted">{t('portal.ticket.resolveHint')}</p>
              <ErrorAlert error={actionError} />
              <button type="button" className="button button-quiet" onClick={() => void resolve()} disabled={isBusy}>
                {t('portal.ticket.resolve')}
              </button>
            </section>
          )}
          {(ticket.status === 'resolved' || ticket.status === 'closed') && !isDeclined && <RatingForm ticket={ticket} onRated={onChanged} />}
          <VaultSlot ticketId={ticket.id} />
        </aside>
      </div>
    </>
  );
}

/** Why support declined the request, in its own words, and what the customer can do (R6). */
function DeclineCard({ detail }: { detail: TicketDetail }) {
  const { t } = useTranslation();
  const { ticket, messages, events } = detail;
  const declined = [...events].reverse().find((event) => event.type === 'declined');
  const explanation = messages.find((message) => message.id === declined?.data.messageId);
  const reason = DECLINE_REASONS.find((r) => r === ticket.declineReason);
  return (
    <section className="card panel decline-card" aria-labelledby="decline-title">
      <h2 id="decline-title">{t('portal.ticket.declinedTitle')}</h2>
      {reason && <p>{t('portal.ticket.declinedReason', { reason: t(`portal.declineReasons.${reason}`) })}</p>}
      {/* The server renders and sanitizes message Markdown (see Conversation). */}
      {explanation && <div className="decline-explanation message-body" dangerouslySetInnerHTML={{ __html: explanation.bodyHtml }} />}
      <p className="muted">{ticket.status === 'closed' ? t('portal.ticket.declinedClosedHint') : t('portal.ticket.declinedHint')}</p>
    </section>
  );
}
