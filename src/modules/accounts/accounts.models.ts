import { IANAZone } from 'luxon';
import type { User } from '../../db/types.js';
import { supportRulesOf } from './accounts.rules.js';

export const ROLES = ['admin', 'agent', 'customer'] as const;
export type Role = (typeof ROLES)[number];
export const LANGUAGES = ['en', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

/** Emails compare case-insensitively and without surrounding spaces; this is the stored form. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function isStaff(role: Role): boolean {
  return role === 'agent' || role === 'admin';
}

export function isValidTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** Picks the language from a browser's Accept-Language or a stated preference; English otherwise. */
export function pickLanguage(preferred: string | undefined | null): Language {
  const first = (preferred ?? '').toLowerCase().split(/[,;-]/)[0]?.trim();
  return first === 'ru' ? 'ru' : 'en';
}

/** Whether the account's licenses count: the address is verified (DESIGN.md, Decisions → Accounts). */
export function isVerified(user: Pick<User, 'email_verified_at'>): boolean {
  return user.email_verified_at !== null;
}

/** The public view of a user: what may leave the server about them. */
export function toPublicUser(user: User) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    language: user.language,
    timeZone: user.time_zone,
    emailVerified: user.email_verified_at !== null,
    disabled: user.disabled_at !== null,
    createdAt: new Date(user.created_at).toISOString(),
    supportRules: supportRulesOf(user),
  };
}
export type PublicUser = ReturnType<typeof toPublicUser>;
