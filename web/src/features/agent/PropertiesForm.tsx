import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../api/client.js';
import { ErrorAlert, Notice } from '../../components/ErrorAlert.js';
import { PRIORITIES, ticketsApi, TICKET_STATUSES, type Priority, type Ticket, type TicketChanges, type TicketStatus } from '../tickets/api.js';

/** Status, priority, assignee and tags; "Save" sends only what changed. */
export function PropertiesForm({ ticket, staff, onSaved }: { ticket: Ticket; staff: User[]; onSaved(): void }) {
  const { t } = useTranslation();
  const id = useId();
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
    setStatus(ticket.status);
    setPriority(ticket.priority);
    setAssigneeId(ticket.assigneeId ?? '');
    setTags(tagText);
  }, [ticket.status, ticket.priority, ticket.assigneeId, tagText]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setIsSaved(false);
    const nextTags = tags
      .split(',')
      .map((tag) => tag.trim())
      .filter(Boolean);
    const changes: TicketChanges = {
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
