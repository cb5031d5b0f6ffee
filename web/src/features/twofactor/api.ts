import { callApi } from '../../api/client.js';

export interface TwoFactorStatus {
  enabled: boolean;
  enabledAt: string | null;
  recoveryCodesLeft: number;
  requiredForYou: boolean;
}

export interface TwoFactorSetup {
  secret: string;
  otpauthUri: string;
  qrSvg: string;
}

export const twoFactorApi = {
  status: () => callApi<TwoFactorStatus>('GET', '/api/v1/me/two-factor'),
  setup: () => callApi<TwoFactorSetup>('POST', '/api/v1/me/two-factor/setup'),
  enable: (code: string) => callApi<{ recoveryCodes: string[] }>('POST', '/api/v1/me/two-factor/enable', { code }),
  regenerate: (code: string) => callApi<{ recoveryCodes: string[] }>('POST', '/api/v1/me/two-factor/recovery-codes', { code }),
  disable: (body: { password: string; code: string }) => callApi<void>('POST', '/api/v1/me/two-factor/disable', body),
  readPolicy: () => callApi<{ requiredForStaff: boolean }>('GET', '/api/v1/settings/two-factor'),
  writePolicy: (requiredForStaff: boolean) => callApi<{ requiredForStaff: boolean }>('PUT', '/api/v1/settings/two-factor', { requiredForStaff }),
};
