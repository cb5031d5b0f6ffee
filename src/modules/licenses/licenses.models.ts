import { DateTime } from 'luxon';
import { z } from 'zod';
import type { License } from '../../db/types.js';

export const LICENSE_TYPES = ['commercial', 'free', 'trial'] as const;
export const LICENSE_STATUSES = ['active', 'refunded', 'revoked'] as const;
export type LicenseType = (typeof LICENSE_TYPES)[number];
export type LicenseStatus = (typeof LICENSE_STATUSES)[number];

export const LICENSE_KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** A real calendar date written YYYY-MM-DD (2025-02-30 is refused). */
export const localDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine((s) => DateTime.fromISO(s, { zone: 'UTC' }).isValid, 'is not a real date');

/** Domains are stored bare and lower-case: "https://Example.com/" becomes "example.com". */
export function normalizeDomain(raw: string): string {
  return raw
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/\/+$/, '');
}

export const domainSchema = z
  .string()
  .transform(normalizeDomain)
  .pipe(
    z
      .string()
      .min(1, 'is empty')
      .max(253)
      .regex(/^[^\s/@:]+$/u, 'is not a domain name'),
  );

/** The fields of a license as the shop sends them (PUT body, CSV columns after `key`). */
export const licenseFieldsSchema = z.object({
  customerEmail: z.string().trim().toLowerCase().email('is not an email address').max(254),
  customerName: z.string().trim().min(1).max(200).optional(),
  product: z.string().trim().min(1, 'is empty').max(200),
  edition: z.string().trim().max(200).nullable().optional(),
  type: z.enum(LICENSE_TYPES, { error: `must be one of ${LICENSE_TYPES.join(', ')}` }),
  purchasedOn: localDateSchema,
  domains: z.array(domainSchema).max(50).default([]),
  status: z.enum(LICENSE_STATUSES, { error: `must be one of ${LICENSE_STATUSES.join(', ')}` }).default('active'),
});
export type LicenseFields = z.output<typeof licenseFieldsSchema>;

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

/** The columns a license's fields map to, to compare a stored license with an incoming one. */
export function toLicenseColumns(fields: LicenseFields, customerId: string) {
  return {
    customer_id: customerId,
    product: fields.product,
    edition: fields.edition ?? null,
    type: fields.type,
    purchased_on: fields.purchasedOn,
    domains: JSON.stringify([...new Set(fields.domains)]),
    status: fields.status,
  };
}

/** The columns that differ between a stored license and the incoming columns. */
export function diffLicense(stored: License, incoming: ReturnType<typeof toLicenseColumns>): Partial<ReturnType<typeof toLicenseColumns>> {
  const changes: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(incoming)) {
    if (stored[column as keyof License] !== value) changes[column] = value;
  }
  return changes;
}

export function toPublicLicense(license: License, customer?: { email: string; name: string }) {
  return {
    key: license.key,
    customerId: license.customer_id,
    ...(customer && { customerEmail: customer.email, customerName: customer.name }),
    product: license.product,
    edition: license.edition,
    type: license.type,
    purchasedOn: license.purchased_on,
    domains: JSON.parse(license.domains) as string[],
    status: license.status,
    source: license.source,
    createdAt: new Date(license.created_at).toISOString(),
    updatedAt: new Date(license.updated_at).toISOString(),
  };
}
