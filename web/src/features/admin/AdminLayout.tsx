import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useOutletContext } from 'react-router';
import { useResource } from '../../components/useResource.js';
import { MailStatusNotice } from '../notifications/MailStatusNotice.js';
import { adminApi } from './adminApi.js';
import { HolidayGapsBanner } from './HolidayGapsBanner.js';

/** What the admin pages get from their layout: a way to say the setup changed (a saved calendar). */
export interface AdminOutletContext {
  onSetupChanged(): void;
}

/** For an admin page: call after saving what the checklist or the holiday warning reads. */
export function useSetupChanged(): () => void {
  return useOutletContext<AdminOutletContext | undefined>()?.onSetupChanged ?? (() => undefined);
}

/** The admin pages' own navigation above the page itself, and the warnings every admin page shows. */
export function AdminLayout() {
  const { t } = useTranslation();
  const setup = useResource(() => adminApi.getSetup(), []);
  const context: AdminOutletContext = { onSetupChanged: () => void setup.reload() };
  return (
    <>
      <nav aria-label={t('admin.nav.label')} className="admin-nav">
        <ul>
          <li>
            <NavLink to="/admin" end>
              {t('admin.nav.home')}
            </NavLink>
          </li>
          <li>
            <NavLink to="/admin/calendar">{t('admin.nav.calendar')}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/reply-targets">{t('admin.nav.targets')}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/webhooks">{t('admin.nav.webhooks')}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/reports">{t('admin.nav.reports')}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/people">{t('admin.nav.people')}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/audit">{t('admin.nav.audit')}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/tokens">{t('admin.nav.tokens')}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/mail">{t('admin.nav.mail')}</NavLink>
          </li>
        </ul>
      </nav>
      <MailStatusNotice />
      {setup.data && <HolidayGapsBanner holidays={setup.data.holidays} />}
      <Outlet context={context} />
    </>
  );
}
