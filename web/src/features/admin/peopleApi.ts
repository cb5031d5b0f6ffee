// The people and audit admin screens' calls (the server's /api/v1/users and /api/v1/audit).
import { callApi, type Role, type User } from '../../api/client.js';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface AuditEntry {
  id: string;
  at: string;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  targetLabel: string | null;
  ip: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface AuditFilter {
  actorId?: string;
  action?: string;
  from?: string;
  to?: string;
}

function query(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const peopleApi = {
  list: (params: { role: Role | 'staff'; q?: string; cursor?: string }) =>
    callApi<Page<User>>('GET', `/api/v1/users${query({ role: params.role, q: params.q, cursor: params.cursor, limit: '50' })}`),
  invite: (body: { email: string; name: string; role: Role; language?: string }) => callApi<User>('POST', '/api/v1/users', body),
  changeRole: (id: string, role: 'admin' | 'agent') => callApi<User>('PATCH', `/api/v1/users/${id}`, { role }),
  deactivate: (id: string, reassignTo: string | null) => callApi<User>('PATCH', `/api/v1/users/${id}`, { disabled: true, reassignTo }),
  reactivate: (id: string) => callApi<User>('PATCH', `/api/v1/users/${id}`, { disabled: false }),
  audit: (filter: AuditFilter, cursor?: string) => callApi<Page<AuditEntry> & { actions: string[] }>('GET', `/api/v1/audit${query({ ...filter, cursor })}`),
  auditExportUrl: (filter: AuditFilter) => `/api/v1/audit/export${query({ ...filter })}`,
};
