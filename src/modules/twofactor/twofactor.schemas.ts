import { z } from 'zod';

export const codeBody = z.object({
  code: z.string().trim().min(6).max(32).describe('A 6-digit code from the authenticator app, or a recovery code (xxxxx-xxxxx).'),
});
export const disableBody = codeBody.extend({ password: z.string().min(1).max(256).describe('Your password, re-entered.') });
export const statusResponse = z.object({
  enabled: z.boolean(),
  enabledAt: z.string().nullable(),
  recoveryCodesLeft: z.number(),
  requiredForYou: z.boolean().describe('Admins require two-factor sign-in for staff; it cannot be turned off.'),
});
export const setupResponse = z.object({
  secret: z.string().describe('The TOTP secret (base32), for typing into an authenticator app; shown once.'),
  otpauthUri: z.string(),
  qrSvg: z.string().describe('The otpauth URI as a QR code (SVG).'),
});
export const recoveryCodesResponse = z.object({
  recoveryCodes: z.array(z.string()).describe('One-time codes for when the phone is lost; shown once, keep them somewhere safe.'),
});
export const policySchema = z.object({ requiredForStaff: z.boolean().describe('Agents and admins must use two-factor sign-in.') });
