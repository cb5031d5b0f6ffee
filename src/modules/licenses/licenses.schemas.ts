import { z } from 'zod';
import { LICENSE_KEY_PATTERN, LICENSE_STATUSES, LICENSE_TYPES, licenseFieldsSchema } from './licenses.models.js';

export const licenseKeyParams = z.object({ key: z.string().regex(LICENSE_KEY_PATTERN, 'is not a license key (letters, digits, . _ -; up to 100)') });

// zod leaves `examples` out of an input schema with defaults; a single `example` passes through.
export const putLicenseBody = licenseFieldsSchema.meta({
  description: 'The whole license. A new customerEmail transfers it; an unknown email creates and invites a customer.',
  example: {
    customerEmail: 'ivan@example.com',
    customerName: 'Ivan Petrov',
    product: 'DIAFAN.CMS',
    edition: 'Business',
    type: 'commercial',
    purchasedOn: '2026-11-20',
    domains: ['shop.example.com'],
    status: 'active',
  },
});
export const patchLicenseBody = licenseFieldsSchema
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: 'Give at least one field to change.', params: { code: 'validation.nothing_to_change' } })
  .meta({ description: 'Part of a license, e.g. {"status": "refunded"}.', example: { status: 'refunded' } });

export const licenseSchema = z.object({
  key: z.string(),
  customerId: z.string(),
  customerEmail: z.string().optional(),
  customerName: z.string().optional(),
  product: z.string(),
  edition: z.string().nullable(),
  type: z.enum(LICENSE_TYPES),
  purchasedOn: z.string(),
  domains: z.array(z.string()),
  status: z.enum(LICENSE_STATUSES),
  source: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const listLicensesQuery = z.object({
  customerId: z.uuid().optional(),
  status: z.enum(LICENSE_STATUSES).optional(),
  type: z.enum(LICENSE_TYPES).optional(),
  product: z.string().max(200).optional(),
  q: z.string().max(200).optional().describe('Part of a key, domain or customer email.'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export const entitlementSchema = z.object({
  supportEligible: z.boolean(),
  guaranteedUntil: z.string().nullable().describe('The last local date (support calendar zone) on which a message is still guaranteed a reply target.'),
  reason: z.enum(['guaranteed', 'guarantee_ended', 'no_commercial_license']),
});

export const myEntitlementSchema = entitlementSchema.extend({
  replyTargetMinutes: z
    .number()
    .nullable()
    .describe('Business minutes within which a question is answered while replies are guaranteed (the reply target); null when questions have none.'),
});
