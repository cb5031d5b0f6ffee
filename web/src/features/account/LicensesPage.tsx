import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Loading } from '../../components/Loading.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { useResource } from '../../components/useResource.js';
import { currentLanguage } from '../../i18n/index.js';
import { peopleApi } from '../tickets/api.js';
import { formatLocalDate } from '../tickets/format.js';
import { AccountNav } from './AccountNav.js';
import { SupportStatus } from './SupportStatus.js';

/** The customer's licenses: product, edition, domains, purchase date and status. */
export function LicensesPage() {
  const { t } = useTranslation();
  usePageTitle(t('portal.licenses.title'));
  const licenses = useResource(() => peopleApi.myLicenses(), []);
  const language = currentLanguage();
  return (
    <div className="page">
      <header className="page-header">
        <h1 id="page-title">{t('portal.licenses.title')}</h1>
      </header>
      <AccountNav />
      <SupportStatus />
      <section className="card panel" aria-labelledby="licenses-title">
        <h2 id="licenses-title">{t('portal.licenses.listTitle')}</h2>
        <ErrorAlert error={licenses.error} />
        {!licenses.data && !licenses.error && <Loading />}
        {licenses.data && licenses.data.items.length === 0 && <p className="empty">{t('portal.licenses.empty')}</p>}
        {licenses.data && licenses.data.items.length > 0 && (
          <div className="table-wrap" role="region" aria-labelledby="licenses-title" tabIndex={0}>
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t('portal.licenses.product')}</th>
                  <th scope="col">{t('portal.licenses.edition')}</th>
                  <th scope="col">{t('portal.licenses.key')}</th>
                  <th scope="col">{t('portal.licenses.domains')}</th>
                  <th scope="col">{t('portal.licenses.purchased')}</th>
                  <th scope="col">{t('portal.licenses.type')}</th>
                  <th scope="col">{t('portal.licenses.status')}</th>
                </tr>
              </thead>
              <tbody>
                {licenses.data.items.map((license) => (
                  <tr key={license.key}>
                    <td>{license.product}</td>
                    <td>{license.edition ?? '—'}</td>
                    <td>
                      <code>{license.key}</code>
                    </td>
                    <td>{license.domains.length > 0 ? license.domains.join(', ') : '—'}</td>
                    <td>{formatLocalDate(license.purchasedOn, language)}</td>
                    <td>{t(`portal.licenses.types.${license.type}` as never, { defaultValue: license.type })}</td>
                    <td>
                      <span className={`badge badge-license-${license.status}`}>
                        {t(`portal.licenses.statuses.${license.status}` as never, { defaultValue: license.status })}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
