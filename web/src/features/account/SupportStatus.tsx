import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Loading } from '../../components/Loading.js';
import { useResource } from '../../components/useResource.js';
import { currentLanguage } from '../../i18n/index.js';
import { peopleApi, type Entitlement } from '../tickets/api.js';
import { formatLocalDate } from '../tickets/format.js';

/** Whether replies are guaranteed (R1, R5, R9): "Replies guaranteed within 24 business hours until 1 Mar 2027". */
export function SupportStatus() {
  const { t } = useTranslation();
  const entitlement = useResource(() => peopleApi.myEntitlement(), []);
  return (
    <section className="card panel" aria-labelledby="support-status-title" data-region="support-status">
      <h2 id="support-status-title">{t('account.status.title')}</h2>
      {entitlement.error ? <ErrorAlert error={entitlement.error} /> : entitlement.data ? <StatusBanner entitlement={entitlement.data} /> : <Loading />}
      <p>
        <Link to="/account/licenses">{t('portal.status.licensesLink')}</Link>
      </p>
    </section>
  );
}

/** The one sentence that tells a customer where they stand; also used on the new-request page. */
export function StatusBanner({ entitlement }: { entitlement: Entitlement }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const date = entitlement.guaranteedUntil ? formatLocalDate(entitlement.guaranteedUntil, language) : '';
  if (entitlement.reason === 'guaranteed') {
    // The target the admins set (R2: 24 business hours by default), in hours when it is whole hours.
    const minutes = entitlement.replyTargetMinutes;
    const text =
      minutes === null
        ? t('portal.status.guaranteedNoTarget', { date })
        : minutes % 60 === 0
          ? t('portal.status.guaranteed', { count: minutes / 60, date })
          : t('portal.status.guaranteedMinutes', { minutes, date });
    return (
      <p className="status-banner status-guaranteed" data-testid="support-status">
        {text}
      </p>
    );
  }
  if (entitlement.reason === 'guarantee_ended') {
    return (
      <p className="status-banner status-best-effort" data-testid="support-status">
        {t('portal.status.ended', { date })}
      </p>
    );
  }
  return (
    <div className="status-banner status-closed" data-testid="support-status">
      <p>{t('portal.status.noLicense')}</p>
      <p className="muted">{t('portal.status.noLicenseHow')}</p>
    </div>
  );
}
