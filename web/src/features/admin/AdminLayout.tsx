import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { MailStatusNotice } from '../notifications/MailStatusNotice.js';

/** The admin pages' own navigation above the page itself. */
export function AdminLayout() {
  const { t } = useTranslation();
  return (
    <>
      <nav aria-label={t('admin.nav.label')} className="admin-nav">
        <ul>
          <li>
            <NavLink to="/admin/calendar">{t('admin.nav.calendar')}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/reply-targets">{t('admin.nav.targets')}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/webhooks">{t('admin.nav.webhooks')}</NavLink>
          </li>
        </ul>
      </nav>
      <MailStatusNotice />
      <Outlet />
    </>
  );
}
