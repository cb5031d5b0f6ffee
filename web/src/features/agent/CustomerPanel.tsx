import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Loading } from '../../components/Loading.js';
import { useResource } from '../../components/useResource.js';
import { currentLanguage } from '../../i18n/index.js';
import { ticketsApi, type CustomerProfile, type Entitlement, type Ticket } from '../tickets/api.js';
import { RulesAcknowledgementLine } from '../account/SupportRules.js';
import { DueBadge, StatusBadge } from '../tickets/badges.js';
import { useServerNow } from '../../components/useNow.js';
import { formatLocalDate } from '../tickets/format.js';
import { isOpenStatus, orderOtherTickets } from './otherTickets.js';

/** Who the customer is: entitlement, licenses (this ticket's marked) and their other tickets. */
export function CustomerPanel({ ticket, profile, error }: { ticket: Ticket; profile: CustomerProfile | undefined; error: unknown }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  return (
    <section className="card panel customer-panel" aria-labelledby="customer-title">
      <h2 id="customer-title">{t('workspace.customer.title')}</h2>
      <ErrorAlert error={error} />
      {!profile && !error && <Loading />}
      {profile && (
        <>
          <p className="customer-name">
            <strong>{profile.user.name}</strong>
            <br />
            <a href={`mailto:${profile.user.email}`}>{profile.user.email}</a>
          </p>
          <p className="muted">
            {t('workspace.customer.languageZone', { language: t(`language.names.${profile.user.language}`), zone: profile.user.timeZone })}
          </p>
          <EntitlementLine entitlement={profile.entitlement} />
          <RulesAcknowledgementLine user={profile.user} />
          <h3>{t('workspace.customer.licenses')}</h3>
          {profile.licenses.length === 0 ? (
            <p className="muted">{t('workspace.customer.noLicenses')}</p>
          ) : (
            <ul className="license-list">
              {profile.licenses.map((license) => (
                <li key={license.key} className={license.key === ticket.licenseKey ? 'is-current' : undefined}>
                  <code>{license.key}</code>
                  {license.key === ticket.licenseKey && <span className="badge">{t('workspace.customer.thisTicket')}</span>}
                  <br />
                  {license.product}
                  {license.edition ? ` ${license.edition}` : ''} · {t(`portal.licenses.types.${license.type}` as never, { defaultValue: license.type })} ·{' '}
                  {t(`portal.licenses.statuses.${license.status}` as never, { defaultValue: license.status })}
                  <br />
                  <span className="muted">
                    {t('workspace.customer.purchased', { date: formatLocalDate(license.purchasedOn, language) })}
                    {license.domains.length > 0 ? ` · ${license.domains.join(', ')}` : ''}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <OtherTickets ticket={ticket} />
    </section>
  );
}

function EntitlementLine({ entitlement }: { entitlement: Entitlement }) {
  const { t } = useTranslation();
  const date = entitlement.guaranteedUntil ? formatLocalDate(entitlement.guaranteedUntil, currentLanguage()) : '';
  return <p className={`entitlement entitlement-${entitlement.reason}`}>{t(`workspace.customer.entitlement.${entitlement.reason}`, { date })}</p>;
}

const OTHER_TICKETS_SHOWN = 10;
function OtherTickets({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const now = useServerNow();
  // One page of the customer's tickets (100 covers nearly every customer), ordered here.
  const others = useResource(() => ticketsApi.list({ customerId: ticket.customerId, limit: 100 }), [ticket.customerId, ticket.updatedAt]);
  const all = orderOtherTickets((others.data?.items ?? []).filter((other) => other.id !== ticket.id));
  const list = all.slice(0, OTHER_TICKETS_SHOWN);
  return (
    <>
      <h3>{t('workspace.customer.otherTickets')}</h3>
      <ErrorAlert error={others.error} />
      {others.data && list.length === 0 && <p className="muted">{t('workspace.customer.noOtherTickets')}</p>}
      {list.length > 0 && (
        <ul className="other-tickets" data-testid="other-tickets">
          {list.map((other) => (
            <li key={other.id}>
              <Link to={`/agent/tickets/${other.id}`}>
                #{other.number} {other.subject}
              </Link>{' '}
              <StatusBadge status={other.status} audience="agent" />
              {isOpenStatus(other.status) && <DueBadge ticket={other} now={now} />}
            </li>
          ))}
        </ul>
      )}
      {others.data && (
        <p>
          <Link to={`/agent/search?customer=${encodeURIComponent(ticket.customerId)}`} data-testid="all-customer-tickets">
            {t('workspace.customer.allTickets')}
          </Link>
        </p>
      )}
    </>
  );
}
