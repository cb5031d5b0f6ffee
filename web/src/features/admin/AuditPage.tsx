import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../api/client.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { peopleApi, type AuditEntry, type AuditFilter } from './peopleApi.js';

/** A local date (YYYY-MM-DD) as the instant its day starts in this browser, for the filter. */
function dayStart(date: string, plusDays = 0): string | undefined {
  if (!date) return undefined;
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y!, m! - 1, d! + plusDays).toISOString();
}

/** The audit log: who did what, when, from where, before and after; filtered, paged, exported as CSV. Read-only. */
export function AuditPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('admin.audit.title'));
  const [staff, setStaff] = useState<User[]>([]);
  const [actions, setActions] = useState<string[]>([]);
  const [actorId, setActorId] = useState('');
  const [action, setAction] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [items, setItems] = useState<AuditEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [isLoading, setIsLoading] = useState(true);
  const filter: AuditFilter = { actorId: actorId || undefined, action: action || undefined, from: dayStart(from), to: dayStart(to, 1) };

  async function load(more: boolean) {
    setIsLoading(true);
    setError(null);
    try {
      const page = await peopleApi.audit(filter, more ? (cursor ?? undefined) : undefined);
      setItems((old) => (more ? [...old, ...page.items] : page.items));
      setCursor(page.nextCursor);
      setActions(page.actions);
    } catch (err) {
      setError(err);
    } finally {
      setIsLoading(false);
    }
  }
  useEffect(() => {
    void load(false);
    // Reloads when a filter changes; `load` reads the current cursor itself.
  }, [actorId, action, from, to]);
  useEffect(() => {
    peopleApi.list({ role: 'staff' }).then(
      (page) => setStaff(page.items),
      () => undefined,
    );
  }, []);

  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'medium' });
  const actionLabel = (name: string) => t(`admin.audit.actions.${name.replace('.', '_')}`, { defaultValue: name });
  return (
    <div className="page admin-page">
      <header className="page-header">
        <h1 id="page-title">{t('admin.audit.title')}</h1>
        <p className="muted">{t('admin.audit.intro')}</p>
      </header>
      <section className="card panel" aria-labelledby="audit-filter-title">
        <h2 id="audit-filter-title">{t('admin.audit.filters')}</h2>
        <div className="inline-form">
          <div className="field">
            <label htmlFor="audit-person">{t('admin.audit.person')}</label>
            <select id="audit-person" value={actorId} onChange={(e) => setActorId(e.target.value)}>
              <option value="">{t('admin.audit.anyone')}</option>
              {staff.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name} ({u.email})
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="audit-action">{t('admin.audit.action')}</label>
            <select id="audit-action" value={action} onChange={(e) => setAction(e.target.value)}>
              <option value="">{t('admin.audit.anyAction')}</option>
              {actions.map((a) => (
                <option key={a} value={a}>
                  {actionLabel(a)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="audit-from">{t('admin.audit.from')}</label>
            <input id="audit-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="audit-to">{t('admin.audit.to')}</label>
            <input id="audit-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
          </div>
        </div>
        <a className="button button-quiet button-small" href={peopleApi.auditExportUrl(filter)} download="audit.csv">
          {t('admin.audit.export')}
        </a>
      </section>
      <section className="card panel" aria-labelledby="audit-list-title">
        <h2 id="audit-list-title">{t('admin.audit.entries')}</h2>
        <ErrorAlert error={error} />
        {items.length === 0 && !isLoading ? (
          <p className="empty">{t('admin.audit.empty')}</p>
        ) : (
          <div className="table-wrap" role="region" aria-labelledby="audit-list-title" tabIndex={0}>
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t('admin.audit.when')}</th>
                  <th scope="col">{t('admin.audit.who')}</th>
                  <th scope="col">{t('admin.audit.action')}</th>
                  <th scope="col">{t('admin.audit.target')}</th>
                  <th scope="col">{t('admin.audit.where')}</th>
                  <th scope="col">{t('admin.audit.change')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((entry) => (
                  <tr key={entry.id}>
                    <td>
                      <time dateTime={entry.at}>{format.format(new Date(entry.at))}</time>
                    </td>
                    <td>{entry.actorEmail ?? t('admin.audit.system')}</td>
                    <td>{actionLabel(entry.action)}</td>
                    <td>{entry.targetLabel ?? entry.targetId ?? ''}</td>
                    <td>{entry.ip ?? ''}</td>
                    <td>
                      {entry.before && <code>{JSON.stringify(entry.before)}</code>}
                      {entry.before && entry.after && ' → '}
                      {entry.after && <code>{JSON.stringify(entry.after)}</code>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {cursor && (
          <button type="button" className="button button-quiet" disabled={isLoading} onClick={() => void load(true)}>
            {t('admin.audit.more')}
          </button>
        )}
      </section>
    </div>
  );
}
