import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../api/client.js';
import { ErrorAlert, Notice } from '../../components/ErrorAlert.js';
import {
  PRIORITIES,
  ticketsApi,
  TICKET_KINDS,
  TICKET_STATUSES,
  type Priority,
  type Ticket,
  type TicketChanges,
  type TicketKind,
  type TicketStatus,
} from '../tickets/api.js';

/** Subject, kind, status, priority, assignee and tags; "Save" sends only what changed (each change is an event). */
export function PropertiesForm({ ticket, staff, onSaved }: { ticket: Ticket; staff: User[]; onSaved(): void }) {
  const { t } = useTranslation();
  const id = useId();
  const [subject, setSubject] = useState(ticket.subject);
  const [kind, setKind] = useState<TicketKind>(ticket.kind);
  const [isSubjectMissing, setIsSubjectMissing] = useState(false);
  const [status, setStatus] = useState<TicketStatus>(ticket.status);
  const [priority, setPriority] = useState<Priority>(ticket.priority);
  const [assigneeId, setAssigneeId] = useState(ticket.assigneeId ?? '');
  const [tags, setTags] = useState(ticket.tags.join(', '));
  const [error, setError] = useState<unknown>(null);
  const [isSaved, setIsSaved] = useState(false);
  const [isBusy, setIsBusy] = useState(false);
  const isClosed = ticket.status === 'closed';

  // A change made elsewhere (another agent, a shortcut) shows up here.
  const tagText = ticket.tags.join(', ');
  useEffect(() => {
    setSubject(ticket.subject);
    setKind(ticket.kind);
    setStatus(ticket.status);
    setPriority(ticket.priority);
    setAssigneeId(ticket.assigneeId ?? '');
    setTags(tagText);
  }, [ticket.subject, ticket.kind, ticket.status, ticket.priority, ticket.assigneeId, tagText]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setIsSaved(false);
    const nextTags = tags
      .split(',')
      .map((tag) => tag.trim())
      .filter(Boolean);
    const nextSubject = subject.trim();
    setIsSubjectMissing(nextSubject === '');
    if (nextSubject === '') return;
    const changes: TicketChanges = {
      ...(nextSubject !== ticket.subject && { subject: nextSubject }),
      ...(kind !== ticket.kind && { kind }),
      ...(status !== ticket.status && { status }),
      ...(priority !== ticket.priority && { priority }),
      ...((assigneeId || null) !== ticket.assigneeId && { assigneeId: assigneeId || null }),
      ...(nextTags.join(',') !== ticket.tags.join(',') && { tags: nextTags }),
    };
    if (Object.keys(changes).length === 0) {
      setIsSaved(true);
      return;
    }
    setIsBusy(true);
    try {
      await ticketsApi.update(ticket.id, changes);
      setIsSaved(true);
      onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <section className="card panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('workspace.properties.title')}</h2>
      <form onSubmit={(event) => void submit(event)} noValidate className="properties-form">
        <div className={isSubjectMissing ? 'field field-invalid' : 'field'}>
          <label htmlFor={`${id}-subject`}>{t('workspace.properties.subject')}</label>
          <input
            id={`${id}-subject`}
            value={subject}
            maxLength={200}
            required
            disabled={isClosed}
            aria-invalid={isSubjectMissing || undefined}
            aria-describedby={isSubjectMissing ? `${id}-subject-error` : undefined}
            onChange={(event) => setSubject(event.target.value)}
          />
          {isSubjectMissing && (
            <p className="field-error" id={`${id}-subject-error`}>
              {t('workspace.properties.subjectRequired')}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${id}-kind`}>{t('workspace.properties.kind')}</label>
          <select
            id={`${id}-kind`}
            value={kind}
            disabled={isClosed}
            aria-describedby={`${id}-kind-hint`}
            onChange={(event) => setKind(event.target.value as TicketKind)}
          >
            {TICKET_KINDS.map((value) => (
              <option key={value} value={value}>
                {t(`tickets.kind.${value}`)}
              </option>
            ))}
          </select>
          <p className="field-hint" id={`${id}-kind-hint`}>
            {t('workspace.properties.kindHint')}
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-status`}>{t('workspace.properties.status')}</label>
          <select id={`${id}-status`} value={status} disabled={isClosed} onChange={(event) => setStatus(event.target.value as TicketStatus)}>
            {TICKET_STATUSES.map((value) => (
              <option key={value} value={value}>
                {t(`tickets.status.agent.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-priority`}>{t('workspace.properties.priority')}</label>
          <select id={`${id}-priority`} value={priority} onChange={(event) => setPriority(event.target.value as Priority)}>
            {PRIORITIES.map((value) => (
              <option key={value} value={value}>
                {t(`tickets.priority.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-assignee`}>{t('workspace.properties.assignee')}</label>
          <select id={`${id}-assignee`} value={assigneeId} disabled={isClosed} onChange={(event) => setAssigneeId(event.target.value)}>
            <option value="">{t('workspace.properties.nobody')}</option>
            {ticket.assigneeId && !staff.some((person) => person.id === ticket.assigneeId) && (
              <option value={ticket.assigneeId}>{t('tickets.timeline.someone')}</option>
            )}
            {staff.map((person) => (
              <option key={person.id} value={person.id}>
                {person.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-tags`}>{t('workspace.properties.tags')}</label>
          <input id={`${id}-tags`} value={tags} aria-describedby={`${id}-tags-hint`} onChange={(event) => setTags(event.target.value)} />
          <p className="field-hint" id={`${id}-tags-hint`}>
            {t('workspace.properties.tagsHint')}
          </p>
        </div>
        <ErrorAlert error={error} />
        {isSaved && <Notice>{t('settings.saved')}</Notice>}
        <button type="submit" className="button button-primary" disabled={isBusy}>
          {t('workspace.properties.save')}
        </button>
      </form>
    </section>
  );
}
