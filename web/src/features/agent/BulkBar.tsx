import { useCallback, useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, Notice } from '../../components/ErrorAlert.js';
import { describeCode } from '../../components/messages.js';
import { PRIORITIES, TICKET_STATUSES, type TicketListItem } from '../tickets/api.js';
import type { RowSelection } from './QueueTable.js';
import { useStaff } from './staff.js';
import { bulkApi, type BulkAction, type BulkResult } from './workspaceApi.js';

const ACTIONS = ['assign', 'add_tags', 'remove_tags', 'status', 'priority', 'resolve', 'merge'] as const;
type ActionType = (typeof ACTIONS)[number];
const ACTION_LABELS: Record<ActionType, string> = {
  assign: 'assign',
  add_tags: 'addTags',
  remove_tags: 'removeTags',
  status: 'status',
  priority: 'priority',
  resolve: 'resolve',
  merge: 'merge',
};

/** Ticked rows of a list, kept while the list refreshes; rows that leave the list leave the selection. */
export function useSelection(items: TicketListItem[]): RowSelection & { ids: string[]; clear(): void } {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const visible = useMemo(() => new Set(items.map((item) => item.id)), [items]);
  const current = useMemo(() => new Set([...selected].filter((id) => visible.has(id))), [selected, visible]);
  const toggle = useCallback(
    (id: string) =>
      setSelected((before) => {
        const next = new Set(before);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
    [],
  );
  const setAll = useCallback(
    (ids: string[], checked: boolean) =>
      setSelected((before) => {
        const next = new Set(before);
        for (const id of ids) {
          if (checked) next.add(id);
          else next.delete(id);
        }
        return next;
      }),
    [],
  );
  const clear = useCallback(() => setSelected(new Set()), []);
  return { selected: current, ids: [...current], toggle, setAll, clear };
}

/** Applies one action to the ticked tickets (POST /api/v1/tickets/bulk) and says what changed and what did not. */
export function BulkBar({ tickets, selection, onDone }: { tickets: TicketListItem[]; selection: ReturnType<typeof useSelection>; onDone(): void }) {
  const { t } = useTranslation();
  const id = useId();
  const { staff, error: staffError } = useStaff();
  const [action, setAction] = useState<ActionType>('assign');
  const [value, setValue] = useState('');
  const [isBusy, setIsBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [outcome, setOutcome] = useState<{ changed: number; failed: BulkResult[] } | null>(null);
  const chosen = tickets.filter((ticket) => selection.selected.has(ticket.id));
  const numberOf = (ticketId: string) => tickets.find((ticket) => ticket.id === ticketId)?.number ?? 0;

  if (chosen.length === 0 && !outcome) return null;

  function toAction(): { ids: string[]; action: BulkAction } | null {
    const ids = selection.ids;
    const tags = value
      .split(',')
      .map((tag) => tag.trim())
      .filter(Boolean);
    switch (action) {
      case 'assign':
        return { ids, action: { type: 'assign', assigneeId: value === '' ? null : value } };
      case 'status':
        return value ? { ids, action: { type: 'status', status: value as (typeof TICKET_STATUSES)[number] } } : null;
      case 'priority':
        return value ? { ids, action: { type: 'priority', priority: value as (typeof PRIORITIES)[number] } } : null;
      case 'add_tags':
      case 'remove_tags':
        return tags.length > 0 ? { ids, action: { type: action, tags } } : null;
      case 'resolve':
        return { ids, action: { type: 'resolve' } };
      case 'merge':
        return value ? { ids: ids.filter((ticketId) => ticketId !== value), action: { type: 'merge', targetId: value } } : null;
    }
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const request = toAction();
    if (!request || request.ids.length === 0) return;
    setIsBusy(true);
    setError(null);
    try {
      const result = await bulkApi.apply(request.ids, request.action);
      setOutcome({ changed: result.changed, failed: result.results.filter((r) => !r.ok) });
      selection.clear();
      setValue('');
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <form className="bulk-bar" aria-label={t('workspace.bulk.label')} onSubmit={(event) => void submit(event)}>
      {chosen.length > 0 && (
        <>
          <p className="bulk-count" role="status">
            {t('workspace.bulk.selected', { count: chosen.length })}
          </p>
          <div className="field">
            <label htmlFor={`${id}-action`}>{t('workspace.bulk.action')}</label>
            <select
              id={`${id}-action`}
              value={action}
              onChange={(event) => {
                setAction(event.target.value as ActionType);
                setValue('');
              }}
            >
              {ACTIONS.map((name) => (
                <option key={name} value={name}>
                  {t(`workspace.bulk.${ACTION_LABELS[name]}` as never)}
                </option>
              ))}
            </select>
          </div>
          {action === 'assign' && (
            <div className="field">
              <label htmlFor={`${id}-value`}>{t('workspace.properties.assignee')}</label>
              <select id={`${id}-value`} value={value} onChange={(event) => setValue(event.target.value)}>
                <option value="">{t('workspace.properties.nobody')}</option>
                {staff.map((person) => (
                  <option key={person.id} value={person.id}>
                    {person.name}
                  </option>
                ))}
              </select>
            </div>
          )}
          {action === 'status' && (
            <div className="field">
              <label htmlFor={`${id}-value`}>{t('workspace.properties.status')}</label>
              <select id={`${id}-value`} value={value} onChange={(event) => setValue(event.target.value)} required>
                <option value="" />
                {TICKET_STATUSES.map((status) => (
                  <option key={status} value={status}>
                    {t(`tickets.status.agent.${status}`)}
                  </option>
                ))}
              </select>
            </div>
          )}
          {action === 'priority' && (
            <div className="field">
              <label htmlFor={`${id}-value`}>{t('workspace.properties.priority')}</label>
              <select id={`${id}-value`} value={value} onChange={(event) => setValue(event.target.value)} required>
                <option value="" />
                {PRIORITIES.map((priority) => (
                  <option key={priority} value={priority}>
                    {t(`tickets.priority.${priority}`)}
                  </option>
                ))}
              </select>
            </div>
          )}
          {(action === 'add_tags' || action === 'remove_tags') && (
            <div className="field">
              <label htmlFor={`${id}-value`}>{t('workspace.bulk.tags')}</label>
              <input id={`${id}-value`} value={value} onChange={(event) => setValue(event.target.value)} required />
            </div>
          )}
          {action === 'merge' && (
            <div className="field">
              <label htmlFor={`${id}-value`}>{t('workspace.bulk.mergeTarget')}</label>
              <select id={`${id}-value`} value={value} onChange={(event) => setValue(event.target.value)} required>
                <option value="" />
                {chosen.map((ticket) => (
                  <option key={ticket.id} value={ticket.id}>
                    #{ticket.number} {ticket.subject}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div className="bulk-buttons">
            <button type="submit" className="button button-primary" disabled={isBusy}>
              {t('workspace.bulk.apply')}
            </button>
            <button type="button" className="button button-quiet" onClick={selection.clear}>
              {t('workspace.bulk.clear')}
            </button>
          </div>
        </>
      )}
      <ErrorAlert error={error ?? staffError} />
      {outcome && (
        <div className="bulk-outcome">
          <Notice>{t('workspace.bulk.done', { changed: outcome.changed, failed: outcome.failed.length })}</Notice>
          {outcome.failed.length > 0 && (
            <ul className="bulk-failures">
              {outcome.failed.map((result) => (
                <li key={result.id}>
                  {t('workspace.bulk.failed', {
                    number: numberOf(result.id),
                    message: result.ok ? '' : describeCode(t, { code: result.code, fallback: result.message }),
                  })}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </form>
  );
}
