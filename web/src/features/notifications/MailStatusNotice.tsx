import { useTranslation } from 'react-i18next';
import { callApi } from '../../api/client.js';
import { useResource } from '../../components/useResource.js';

interface MailStatus {
  outboundConfigured: boolean;
  queued: number;
  failed: number;
  mailboxes: { name: string; lastError: string | null }[];
}

/** Tells admins when mail cannot go out (not configured), was refused, or a mailbox cannot be read. */
export function MailStatusNotice() {
  const { t } = useTranslation();
  const status = useResource(() => callApi<MailStatus>('GET', '/api/v1/mail/status'), []);
  const data = status.data;
  if (!data) return null;
  const broken = data.mailboxes.filter((m) => m.lastError !== null);
  if (data.outboundConfigured && data.failed === 0 && broken.length === 0) return null;
  return (
    <div className="alert alert-warning" role="status" data-region="mail-status">
      {!data.outboundConfigured && <p>{t('mailStatus.notConfigured', { count: data.queued })}</p>}
      {data.failed > 0 && <p>{t('mailStatus.failed', { count: data.failed })}</p>}
      {broken.map((m) => (
        <p key={m.name}>{t('mailStatus.mailboxError', { name: m.name, error: m.lastError })}</p>
      ))}
    </div>
  );
}
