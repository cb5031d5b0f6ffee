import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth.js';
import { currentLanguage } from '../../i18n/index.js';
import type { TicketEvent } from './api.js';
import { formatDateTime } from './format.js';
import type { LiveStatus } from './live.js';

const KNOWN = new Set([
  'created',
  'status_changed',
  'assigned',
  'priority_changed',
  'subject_changed',
  'kind_changed',
  'tags_changed',
  'merged',
  'merged_in',
  'rated',
  'declined',
  'message_added',
  'note_added',
  // The emergency-access vault's events (R7).
  'secrets_masked',
  'access_requested',
  'access_submitted',
  'access_resubmitted',
  'access_revealed',
  'access_reveal_refused',
  'access_withdrawn',
  'access_destroyed',
  'access_cancelled',
  'access_change_confirmed',
]);

const text = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

/** One timeline entry in words: "Anton changed the status from Open to Pending". */
export function describeEvent(t: TFunction, event: TicketEvent, names: ReadonlyMap<string, string>): string {
  const actor = event.actorId ? (names.get(event.actorId) ?? t('tickets.timeline.someone')) : t('tickets.timeline.system');
  const d = event.data;
  const status = (value: unknown) => (text(value) ? t(`tickets.status.agent.${text(value)}` as never) : '');
  switch (event.type) {
    case 'status_changed': {
      const why = text(d.why);
      if (why === 'auto_close') return t('tickets.timeline.autoClosed');
      if (why === 'customer_reply') return t('tickets.timeline.reopenedByReply', { actor, to: status(d.to) });
      return t('tickets.timeline.status_changed', { actor, from: status(d.from), to: status(d.to) });
    }
    case 'assigned':
      // Never "Anna assigned it to Anna": taking a ticket (by hand or by replying) reads as such.
      if (d.to && d.to === event.actorId) return t(d.why === 'reply' ? 'tickets.timeline.tookByReply' : 'tickets.timeline.took', { actor });
      return d.to
        ? t('tickets.timeline.assigned', { actor, to: names.get(text(d.to)) ?? t('tickets.timeline.someone') })
        : t('tickets.timeline.unassigned', { actor });
    case 'priority_changed':
      return t('tickets.timeline.priority_changed', {
        actor,
        from: t(`tickets.priority.${text(d.from)}` as never),
        to: t(`tickets.priority.${text(d.to)}` as never),
      });
    case 'kind_changed':
      return t('tickets.timeline.kind_changed', { actor, from: t(`tickets.kind.${text(d.from)}` as never), to: t(`tickets.kind.${text(d.to)}` as never) });
    case 'subject_changed':
      return t('tickets.timeline.subject_changed', { actor, to: text(d.to) });
    case 'tags_changed': {
      const tags = Array.isArray(d.to) ? d.to.map(text).join(', ') : '';
      return tags ? t('tickets.timeline.tags_changed', { actor, tags }) : t('tickets.timeline.tags_cleared', { actor });
    }
    case 'merged':
      return t('tickets.timeline.merged', { actor, number: text(d.intoNumber) });
    case 'merged_in':
      return t('tickets.timeline.merged_in', { actor, number: text(d.fromNumber) });
    case 'rated':
      return t('tickets.timeline.rated', { actor, rating: text(d.rating) });
    case 'declined':
      return t('tickets.timeline.declined', { actor, reason: t(`tickets.decline.reasons.${text(d.reason)}` as never) });
    case 'created':
      return d.onBehalfOf ? t('tickets.timeline.createdFor', { actor }) : t('tickets.timeline.created', { actor });
    default:
      return KNOWN.has(event.type) ? t(`tickets.timeline.${event.type}` as never, { actor }) : t('tickets.timeline.other', { actor, type: event.type });
  }
}

/** The ticket's history, newest last: who did what and when (also the audit trail). */
export function Timeline({ events, names }: { events: TicketEvent[]; names: ReadonlyMap<string, string> }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const language = currentLanguage();
  return (
    <ol className="timeline">
      {events.map((event) => (
        <li key={event.id}>
          <time dateTime={event.at} className="muted">
            {formatDateTime(event.at, { language, timeZone: user?.timeZone })}
          </time>{' '}
          <span>{describeEvent(t, event, names)}</span>
        </li>
      ))}
    </ol>
  );
}

/** A quiet line saying whether the page updates by itself. */
export function LiveStatusNote({ status }: { status: LiveStatus }) {
  const { t } = useTranslation();
  return (
    <p className={`live-status live-${status}`}>
      <span className="live-dot" aria-hidden="true" />
      {t(`tickets.live.${status}`)}
    </p>
  );
}
