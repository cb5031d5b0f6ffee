import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';

/** The Personal Account's own sections. */
export function AccountNav() {
  const { t } = useTranslation();
  return (
    <nav className="sub-nav" aria-label={t('portal.nav.label')}>
      <ul>
        <li>
          <NavLink to="/account" end>
            {t('portal.nav.requests')}
          </NavLink>
        </li>
        <li>
          <NavLink to="/account/tickets/new">{t('portal.nav.newRequest')}</NavLink>
        </li>
        <li>
          <NavLink to="/account/licenses">{t('portal.nav.licenses')}</NavLink>
        </li>
        <li>
          <NavLink to="/account/notifications">{t('portal.nav.notifications')}</NavLink>
        </li>
      </ul>
    </nav>
  );
}
