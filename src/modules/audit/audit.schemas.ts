import { z } from 'zod';
import { AUDIT_ACTIONS } from './audit.models.js';

export const auditQuery = z.object({
  actorId: z.uuid().optional().describe('Only what this person did.'),
  action: z.enum(AUDIT_ACTIONS).optional(),
  from: z.iso.datetime({ offset: true }).optional().describe('From this instant (inclusive).'),
  to: z.iso.datetime({ offset: true }).optional().describe('Up to this instant (exclusive).'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional().describe('The `nextCursor` of the previous page.'),
});

export const auditExportQuery = auditQuery.omit({ limit: true, cursor: true });

export const auditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorEmail: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  targetLabel: z.string().nullable(),
  ip: z.string().nullable(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
});

export const auditListResponse = z.object({ items: z.array(auditEntrySchema), nextCursor: z.string().nullable(), actions: z.array(z.string()) });

export const auditCsvResponse = {
  description: 'The entries as CSV (UTF-8, a header line first), newest first.',
  content: { 'text/csv': { schema: z.string() } },
};
