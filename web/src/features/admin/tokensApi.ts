// The API tokens admin screen's calls (the server's /api/v1/tokens).
import { callApi } from '../../api/client.js';

export const TOKEN_SCOPES = ['licenses:read', 'licenses:write', 'webhooks:write', 'mail:inbound'] as const;

export interface ApiToken {
  id: string;
  userId: string;
  name: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revoked: boolean;
  expiresAt: string | null;
}

export const tokensApi = {
  list: () => callApi<{ items: ApiToken[] }>('GET', '/api/v1/tokens'),
  create: (body: { name: string; scopes: string[]; userId?: string; expiresAt?: string }) =>
    callApi<ApiToken & { token: string }>('POST', '/api/v1/tokens', body),
  revoke: (id: string) => callApi<null>('DELETE', `/api/v1/tokens/${id}`),
};
