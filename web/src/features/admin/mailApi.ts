// The admin outbox page's calls (the server's /api/v1/admin/mail and /api/v1/mail/status).
import { callApi } from '../../api/client.js';
import type { Page } from './peopleApi.js';

export type OutboxStatus = 'waiting' | 'sent' | 'failed';

export interface OutboxMail {
  id: string;
  to: string;
  subject: string;
  template: string;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface OutboxMailDetail extends OutboxMail {
  language: string;
  ticketId: string | null;
  headers: Record<string, string>;
  text: string;
}

export interface MailSettingsView {
  smtp: { host: string; port: number; user: string; from: string } | null;
  imap: { name: string; host: string; user: string; folder: string }[];
}

export interface MailboxState {
  name: string;
  lastPolledAt: string | null;
  lastError: string | null;
}

export const mailApi = {
  list: (params: { status?: OutboxStatus; cursor?: string }) => {
    const search = new URLSearchParams({ limit: '50' });
    if (params.status) search.set('status', params.status);
    if (params.cursor) search.set('cursor', params.cursor);
    return callApi<Page<OutboxMail>>('GET', `/api/v1/admin/mail?${search.toString()}`);
  },
  get: (id: string) => callApi<OutboxMailDetail>('GET', `/api/v1/admin/mail/${encodeURIComponent(id)}`),
  retry: (id: string) => callApi<OutboxMail>('POST', `/api/v1/admin/mail/${encodeURIComponent(id)}/retry`),
  sendTest: (to: string) => callApi<{ id: string }>('POST', '/api/v1/admin/mail/test', { to }),
  settings: () => callApi<MailSettingsView>('GET', '/api/v1/admin/mail/settings'),
  mailboxes: async () => (await callApi<{ mailboxes: MailboxState[] }>('GET', '/api/v1/mail/status')).mailboxes,
};
