import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useAuth } from '../../app/auth.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Loading } from '../../components/Loading.js';
import { useServerNow } from '../../components/useNow.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { useResource } from '../../components/useResource.js';
import { currentLanguage } from '../../i18n/index.js';
import { isMissingRoute, peopleApi, ticketsApi, type TicketDetail } from '../tickets/api.js';
import { DueBadge, StatusBadge } from '../tickets/badges.js';
import { Composer, type ComposerMode, type ComposerSubmit } from '../tickets/Composer.js';
import { Conversation } from '../tickets/Conversation.js';
import { formatDue } from '../tickets/format.js';
import { useLiveEvents, usePollingFallback, useThrottle, type LiveEvent } from '../tickets/live.js';
import { LiveStatusNote, Timeline } from '../tickets/Timeline.js';
import { useVaultList, vaultAttention, VaultPanelView } from '../vault/VaultPanel.js';
import { AgentNav } from './AgentNav.js';
import { CustomerPanel } from './CustomerPanel.js';
import { DeclineDialog } from './DeclineDialog.js';
import { MergeDialog } from './MergeDialog.js';
import { PropertiesForm } from './PropertiesForm.js';
import { neighboursOf, useShortcuts } from './shortcuts.js';
import { useStaff } from './staff.js';
import { UsuallyWithin } from '../reports/UsuallyWithin.js';

const TYPING_SHOWN_MS = 6000;

/** A ticket in the agent workspace: conversation, composer, timeline, customer, and every agent action. */
export function AgentTicketPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const { user } = useAuth();
  const detail = useResource(() => ticketsApi.get(id), [id]);
  const [typing, setTyping] = useState<{ name: string; until: number }[]>([]);

  const liveStatus = useLiveEvents((event: LiveEvent) => {
    if (event.type === 'stream.reconnected') return void detail.reload();
    if (event.ticketId !== id) return;
    if (event.type === 'ticket.typing') {
      if (event.agentId === user?.id) return;
      const name = event.agentName || t('tickets.timeline.someone');
      setTyping((list) => [...list.filter((entry) => entry.name !== name), { name, until: Date.now() + TYPING_SHOWN_MS }]);
      return;
    }
    void detail.reload();
  });
  usePollingFallback(liveStatus, () => void detail.reload());
  useEffect(() => {
    if (typing.length === 0) return;
    const timer = window.setTimeout(() => setTyping((list) => list.filter((entry) => entry.until > Date.now())), 1000);
    return () => window.clearTimeout(timer);
  }, [typing]);
  useEffect(() => {
    setTyping([]);
  }, [id]);

  usePageTitle(detail.data ? `#${detail.data.ticket.number} ${detail.data.ticket.subject}` : t('workspace.ticket.title'));

  if (!detail.data) {
    return (
      <div className="page page-wide">
        <header className="page-header">
          <h1 id="page-title">{t('workspace.ticket.title')}</h1>
        </header>
        <AgentNav />
        {detail.error ? <ErrorAlert error={detail.error} /> : <Loading />}
      </div>
    );
  }
  return (
    <div className="page page-wide">
      <TicketWorkspace
        key={detail.data.ticket.id}
        detail={detail.data}
        typingNames={typing.map((entry) => entry.name)}
        liveStatus={<LiveStatusNote status={liveStatus} />}
        onChanged={() => void detail.reload()}
      />
    </div>
  );
}

function TicketWorkspace({
  detail,
  typingNames,
  liveStatus,
  onChanged,
}: {
  detail: TicketDetail;
  typingNames: string[];
  liveStatus: ReactNode;
  onChanged(): void;
}) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const navigate = useNavigate();
  const now = useServerNow();
  const { ticket, messages, events, customer } = detail;
  const { staff, error: staffError } = useStaff();
  const profile = useResource(() => peopleApi.customer(customer.id), [customer.id]);
  const names = useMemo(() => {
    const map = new Map(staff.map((person) => [person.id, person.name] as const));
    map.set(customer.id, customer.name);
    return map;
  }, [staff, customer]);
  const [mode, setMode] = useState<ComposerMode>('reply');
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [dialog, setDialog] = useState<'decline' | 'merge' | null>(null);
  const [isTypingOff, setIsTypingOff] = useState(false);
  const neighbours = useMemo(() => neighboursOf(ticket.id), [ticket.id]);
  const isClosed = ticket.status === 'closed';
  const isActive = ticket.status === 'open' || ticket.status === 'pending';
  // A decline is sent once: a declined (or closed) ticket has nothing left to decline.
  const canDecline = !isClosed && ticket.resolution !== 'declined';
  const vault = useVaultList(ticket.id);
  const attention = vaultAttention(vault.list.data);
  const isVaultOnTop = attention.isOpen || attention.hasCredentials;
  const vaultPanel = <VaultPanelView ticketId={ticket.id} vault={vault} />;

  const announceTyping = useThrottle(() => {
    if (isTypingOff) return;
    ticketsApi.typing(ticket.id).catch((error: unknown) => {
      // Presence is a courtesy: without the route (or on a blip) replying works the same, so stop announcing.
      if (isMissingRoute(error)) setIsTypingOff(true);
      else console.warn('Announcing typing failed', error);
    });
  }, 3000);

  async function run(action: () => Promise<unknown>) {
    setActionError(null);
    setIsBusy(true);
    try {
      await action();
      onChanged();
    } catch (err) {
      setActionError(err);
    } finally {
      setIsBusy(false);
    }
  }

  const assignToMe = () => user && ticket.assigneeId !== user.id && !isClosed && void run(() => ticketsApi.update(ticket.id, { assigneeId: user.id }));
  const resolve = () => isActive && void run(() => ticketsApi.update(ticket.id, { status: 'resolved' }));
  const focusComposer = (next: ComposerMode) => {
    setMode(next);
    requestAnimationFrame(() => textareaRef.current?.focus());
  };

  useShortcuts({
    r: () => !isClosed && focusComposer('reply'),
    n: () => !isClosed && focusComposer('note'),
    a: assignToMe,
    e: resolve,
    j: () => neighbours.next && navigate(`/agent/tickets/${neighbours.next}`),
    k: () => neighbours.previous && navigate(`/agent/tickets/${neighbours.previous}`),
  });

  async function send({ body, attachmentIds, resolve: andResolve }: ComposerSubmit) {
    await ticketsApi.addMessage(ticket.id, {
      body,
      attachmentIds,
      internal: mode === 'note',
      ...(andResolve && mode === 'reply' && { status: 'resolved' as const }),
    });
    onChanged();
  }

  const language = currentLanguage();
  const assignee = ticket.assigneeId ? (names.get(ticket.assigneeId) ?? t('tickets.timeline.someone')) : null;
  return (
    <>
      <header className="page-header">
        <p className="muted ticket-meta-line">
          <span className="ticket-number">#{ticket.number}</span> · {t(`tickets.kind.${ticket.kind}`)}
          {ticket.site ? ` · ${ticket.site}` : ''}
          {ticket.licenseKey ? ` · ${ticket.licenseKey}` : ''}
        </p>
        <h1 id="page-title">{ticket.subject}</h1>
        <div className="ticket-status-line">
          <StatusBadge status={ticket.status} audience="agent" />
          <span className={`badge badge-priority-${ticket.priority}`}>{t(`tickets.priority.${ticket.priority}`)}</span>
          <DueBadge ticket={ticket} now={now} />
          {ticket.replyDueAt && (
            <span data-testid="agent-reply-due">
              {t('workspace.ticket.dueAt', { when: formatDue(ticket.replyDueAt, { language, timeZone: user?.timeZone }) })}
            </span>
          )}
          <UsuallyWithin kind={ticket.kind} as="span" />
          <span className="muted">{assignee ? t('workspace.ticket.assignedTo', { name: assignee }) : t('workspace.ticket.unassigned')}</span>
        </div>
      </header>
      <AgentNav />
      {liveStatus}
      <div className="toolbar" role="group" aria-label={t('workspace.ticket.actions')}>
        <button
          type="button"
          className="button button-quiet"
          onClick={assignToMe}
          disabled={isBusy || isClosed || ticket.assigneeId === user?.id}
          aria-keyshortcuts="a"
        >
          {t('workspace.ticket.assignToMe')}
        </button>
        <button type="button" className="button button-quiet" onClick={resolve} disabled={isBusy || !isActive} aria-keyshortcuts="e">
          {t('workspace.ticket.resolve')}
        </button>
        {canDecline && (
          <button type="button" className="button button-quiet" onClick={() => setDialog('decline')} disabled={isBusy}>
            {t('workspace.ticket.decline')}
          </button>
        )}
        <button type="button" className="button button-quiet" onClick={() => setDialog('merge')} disabled={isBusy || isClosed || ticket.mergedInto !== null}>
          {t('workspace.ticket.merge')}
        </button>
        <span className="toolbar-spacer" />
        {neighbours.previous && (
          <Link className="button button-quiet" to={`/agent/tickets/${neighbours.previous}`} aria-keyshortcuts="k">
            {t('workspace.ticket.previous')}
          </Link>
        )}
        {neighbours.next && (
          <Link className="button button-quiet" to={`/agent/tickets/${neighbours.next}`} aria-keyshortcuts="j">
            {t('workspace.ticket.next')}
          </Link>
        )}
        <Link className="button button-quiet" to={neighbours.from ?? '/agent'}>
          {t('workspace.ticket.backToQueue')}
        </Link>
      </div>
      <ErrorAlert error={actionError} />
      <ErrorAlert error={staffError} />
      {isVaultOnTop && <div className="ticket-vault-top">{vaultPanel}</div>}
      <div className="ticket-layout">
        <div className="ticket-main">
          <section aria-labelledby="conversation-title">
            <h2 id="conversation-title" className="visually-hidden">
              {t('tickets.conversation.title')}
            </h2>
            <Conversation messages={messages} audience="agent" names={names} />
          </section>
          <p className="typing-indicator" role="status">
            {typingNames.length > 0 ? t('workspace.ticket.typing', { names: typingNames.join(', ') }) : ''}
          </p>
          {ticket.mergedInto ? (
            <p className="alert alert-info">
              {t('workspace.ticket.mergedInto')} <Link to={`/agent/tickets/${ticket.mergedInto}`}>{t('workspace.ticket.openTarget')}</Link>
            </p>
          ) : isClosed ? (
            <p className="alert alert-info">{t('workspace.ticket.closedNote')}</p>
          ) : (
            <section className="card panel" aria-labelledby="composer-title">
              <h2 id="composer-title" className="visually-hidden">
                {t('workspace.ticket.composerTitle')}
              </h2>
              <Composer
                audience="agent"
                mode={mode}
                onModeChange={setMode}
                onSend={send}
                ticketId={ticket.id}
                onTyping={announceTyping}
                textareaRef={textareaRef}
              />
            </section>
          )}
        </div>
        <aside className="ticket-side" aria-label={t('workspace.ticket.sideLabel')}>
          <PropertiesForm ticket={ticket} staff={staff} onSaved={onChanged} />
          <CustomerPanel ticket={ticket} profile={profile.data} error={profile.error} />
          {!isVaultOnTop && vaultPanel}
          <section className="card panel" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{t('workspace.ticket.timeline')}</h2>
            <Timeline events={events} names={names} />
          </section>
        </aside>
      </div>
      <DeclineDialog
        isOpen={dialog === 'decline' && canDecline}
        onClose={() => setDialog(null)}
        ticketId={ticket.id}
        customerLanguage={profile.data?.user.language ?? 'en'}
        onDeclined={onChanged}
      />
      <MergeDialog isOpen={dialog === 'merge'} onClose={() => setDialog(null)} ticket={ticket} onMerged={onChanged} />
    </>
  );
}
