import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth.js';
import { ErrorAlert, Notice } from '../../components/ErrorAlert.js';
import { Loading } from '../../components/Loading.js';
import { useResource } from '../../components/useResource.js';
import { currentLanguage } from '../../i18n/index.js';
import { formatDateTime } from '../tickets/format.js';
import { useLiveEvents, usePollingFallback } from '../tickets/live.js';
import { CredentialChange, CredentialsForm, WithdrawButton } from './CustomerVault.js';
import { RequestAccessForm, RevealForm } from './AgentVault.js';
import { RevealLog } from './RevealLog.js';
import { vaultApi, type AccessRequest, type AccessRequestList, type RequestStatus } from './vaultApi.js';
import './vault.css';

function isActive(status: RequestStatus): boolean {
  return status === 'requested' || status === 'submitted' || status === 'revealed';
}

/**
 * Emergency server access on a ticket (R7). Agents ask for access and, when assigned (or admins),
 * reveal it with their password and a reason; customers give the credentials in a form of their
 * own, withdraw them, and see every reveal. The credentials never become a message.
 */
export function VaultPanel({ ticketId }: { ticketId: string }) {
  const vault = useVaultList(ticketId);
  return <VaultPanelView ticketId={ticketId} vault={vault} />;
}

export type VaultList = ReturnType<typeof useVaultList>;

/** The ticket's access requests, kept live; the agent's ticket page reads it to place the panel. */
export function useVaultList(ticketId: string) {
  const list = useResource(() => vaultApi.list(ticketId), [ticketId]);
  const liveStatus = useLiveEvents((event) => {
    if (event.type === 'stream.reconnected' || (event.ticketId === ticketId && event.type !== 'ticket.typing')) void list.reload();
  });
  usePollingFallback(liveStatus, () => void list.reload());
  // Kept here, not in the panel: asking moves the agent's panel to the top, which mounts it anew.
  const [isJustRequested, setIsJustRequested] = useState(false);
  return {
    list,
    isJustRequested,
    onRequested: () => {
      setIsJustRequested(true);
      void list.reload();
    },
  };
}

/** What needs the agent now: an access request the customer has not answered, or credentials waiting. */
export function vaultAttention(data: AccessRequestList | undefined): { isOpen: boolean; hasCredentials: boolean } {
  const items = data?.items ?? [];
  return {
    isOpen: items.some((r) => r.status === 'requested'),
    hasCredentials: items.some((r) => r.hasSecret && (r.status === 'submitted' || r.status === 'revealed')),
  };
}

export function VaultPanelView({ ticketId, vault }: { ticketId: string; vault: VaultList }) {
  const { t } = useTranslation();
  const { list } = vault;
  const { user } = useAuth();
  const isCustomer = user?.role === 'customer';
  const data = list.data;

  // A customer sees the panel once support has asked for access; until then it would only distract.
  if (isCustomer && (!data || data.items.length === 0)) return list.error ? <ErrorAlert error={list.error} /> : null;

  return (
    <section className="card panel vault-panel" id="vault" aria-labelledby="vault-title" data-region="vault">
      <h2 id="vault-title">{t('vault.title')}</h2>
      {!isCustomer && vaultAttention(data).hasCredentials && (
        <p className="alert vault-notice" role="status" data-testid="vault-notice">
          {t('vault.agent.credentialsReceived')}
        </p>
      )}
      {!data ? (
        list.error ? (
          <ErrorAlert error={list.error} />
        ) : (
          <Loading />
        )
      ) : (
        <>
          {!data.vaultAvailable && <p className="alert alert-error">{t('vault.unavailable')}</p>}
          {!isCustomer && vault.isJustRequested && <Notice>{t('vault.agent.requested')}</Notice>}
          {isCustomer && data.items.some((r) => isActive(r.status)) && <p className="muted">{t('vault.customerIntro', { days: data.maxDays })}</p>}
          {data.items.length > 0 && (
            <ol className="vault-requests">
              {[...data.items].reverse().map((request) => (
                <li key={request.id} className="vault-request">
                  <RequestItem request={request} data={data} isCustomer={isCustomer} onChanged={() => void list.reload()} />
                </li>
              ))}
            </ol>
          )}
          {!isCustomer &&
            (data.viewer.canRequest && data.vaultAvailable ? (
              <RequestAccessForm ticketId={ticketId} onRequested={vault.onRequested} />
            ) : (
              data.items.length === 0 && <p className="muted">{t('vault.agent.onlyEmergency')}</p>
            ))}
        </>
      )}
    </section>
  );
}

function RequestItem({ request, data, isCustomer, onChanged }: { request: AccessRequest; data: AccessRequestList; isCustomer: boolean; onChanged(): void }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const language = currentLanguage();
  const when = (iso: string) => formatDateTime(iso, { language, timeZone: user?.timeZone });
  const isRequestActive = isActive(request.status);
  return (
    <article aria-label={t('vault.requestLabel', { kind: t(`vault.kinds.${request.kind}`) })}>
      <h3>
        {t(`vault.kinds.${request.kind}`)} · <span className="badge">{t(`vault.status.${request.status}`)}</span>
      </h3>
      <p className="muted">{t('vault.requestedBy', { name: isCustomer ? t('vault.support') : request.requestedBy.name, when: when(request.createdAt) })}</p>
      <p className="vault-reason">{request.reason}</p>
      {request.hasSecret && request.expiresAt && <p className="muted">{t('vault.expires', { when: when(request.expiresAt) })}</p>}
      {request.endedAt && request.endReason && <p className="muted">{t(`vault.ended.${request.endReason}`, { when: when(request.endedAt) })}</p>}

      {isCustomer && isRequestActive && data.viewer.canSubmit && (
        <CredentialsForm request={request} maxDays={data.maxDays} isAvailable={data.vaultAvailable} onSubmitted={onChanged} />
      )}
      {isCustomer && isRequestActive && <WithdrawButton request={request} onWithdrawn={onChanged} />}
      {isCustomer && request.credentialChange.needed && <CredentialChange request={request} onConfirmed={onChanged} />}
      {isCustomer && request.credentialChange.confirmedAt && (
        <p className="muted">{t('vault.customer.changedAt', { when: when(request.credentialChange.confirmedAt) })}</p>
      )}

      {!isCustomer && request.hasSecret && data.viewer.canReveal && data.vaultAvailable && (
        <RevealForm request={request} needsSecondFactor={data.viewer.needsSecondFactor} onRevealed={onChanged} />
      )}
      {!isCustomer && request.hasSecret && !data.viewer.canReveal && <p className="muted">{t('vault.agent.notAssigned')}</p>}
      {!isCustomer && request.status === 'requested' && <p className="muted">{t('vault.agent.waiting')}</p>}

      <RevealLog entries={request.reveals} isCustomer={isCustomer} />
    </article>
  );
}
