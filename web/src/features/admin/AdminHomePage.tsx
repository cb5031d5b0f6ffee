import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ResourceView } from '../../components/ResourceView.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { useResource } from '../../components/useResource.js';
import { adminApi, type ChecklistItem } from './adminApi.js';

const ACTIONS = {
  holidays: { to: '/admin/calendar', label: 'admin.home.items.holidays.action' },
  reply_targets: { to: '/admin/reply-targets', label: 'admin.home.items.reply_targets.action' },
} as const satisfies Partial<Record<ChecklistItem, { to: string; label: string }>>;
const actionOf = (item: ChecklistItem) => (item === 'holidays' || item === 'reply_targets' ? ACTIONS[item] : undefined);

/**
 * The admin's home: what a new install still needs before it promises reply times (the calendar's
 * country holidays, reply targets, mail, the first agent), each ticked when done.
 */
export function AdminHomePage() {
  const { t } = useTranslation();
  usePageTitle(t('admin.home.title'));
  const setup = useResource(() => adminApi.getSetup(), []);

  return (
    <div className="page page-narrow admin-page">
      <header className="page-header">
        <h1 id="page-title">{t('admin.home.title')}</h1>
      </header>
      <ResourceView resource={setup}>
        {(status) => {
          const done = status.checklist.filter((c) => c.isDone).length;
          return (
            <>
              <section className="card panel" aria-labelledby="checklist-title">
                <h2 id="checklist-title">{t('admin.home.checklistTitle')}</h2>
                <p className="muted">{t('admin.home.checklistIntro')}</p>
                <p>
                  <strong>{t('admin.home.progress', { done, total: status.checklist.length })}</strong>
                </p>
                <ul className="checklist">
                  {status.checklist.map(({ item, isDone }) => (
                    <li key={item} className={`checklist-item${isDone ? ' is-done' : ''}`} data-item={item}>
                      <span className="checklist-mark" aria-hidden="true">
                        {isDone ? '✓' : '○'}
                      </span>
                      <div>
                        <p className="checklist-title">
                          {t(`admin.home.items.${item}.title`)} <span className="visually-hidden">—</span>{' '}
                          <span className={`badge ${isDone ? 'badge-resolved' : 'badge-open'}`}>{isDone ? t('admin.home.done') : t('admin.home.toDo')}</span>
                        </p>
                        {!isDone && <p className="muted">{t(`admin.home.items.${item}.text`)}</p>}
                        {!isDone && actionOf(item) && <Link to={actionOf(item)!.to}>{t(actionOf(item)!.label)}</Link>}
                      </div>
                    </li>
                  ))}
                </ul>
              </section>
              <p>
                <Link to="/agent">{t('admin.home.openWorkspace')}</Link>
              </p>
            </>
          );
        }}
      </ResourceView>
    </div>
  );
}
