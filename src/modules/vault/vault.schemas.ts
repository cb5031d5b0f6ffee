import { z } from 'zod';
import { ACCESS_KINDS, REQUEST_STATUSES } from './vault.models.js';

const kind = z.enum(ACCESS_KINDS).describe('ftp, sftp, ssh, hosting_panel, cms_admin or database.');

export const requestAccessBody = z.object({
  kind,
  reason: z.string().trim().min(3).max(2000).describe('Why access is needed; the customer reads it.'),
});

// Secrets are taken as typed: no trimming of passwords or keys (a space may be part of one).
export const submitSecretBody = z
  .object({
    host: z.string().trim().min(1).max(500).describe('Host name, IP address, or the panel or admin URL.'),
    port: z.number().int().min(1).max(65535).nullable().optional(),
    username: z.string().trim().min(1).max(200),
    password: z.string().min(1).max(1000).optional(),
    privateKey: z.string().min(1).max(20_000).optional().describe('A private key (PEM or OpenSSH), for SSH/SFTP.'),
    notes: z.string().max(2000).optional().describe('Anything else the engineer needs (a passphrase, a path); sealed like the rest.'),
    expiresInDays: z.number().int().min(1).max(90).optional().describe('Destroy sooner than the default; never later than the configured maximum.'),
  })
  .refine((b) => b.password !== undefined || b.privateKey !== undefined, {
    message: 'Give a password or a private key.',
    path: ['password'],
    params: { code: 'vault.secret_required' },
  });

export const revealBody = z.object({
  password: z.string().min(1).max(256).describe('Your own password, re-entered to confirm it is you.'),
  reason: z.string().trim().min(3).max(500).describe('Why you need the credentials now; the customer reads it.'),
  code: z.string().trim().max(32).optional().describe('With two-factor sign-in on: a current code from your authenticator app, or a recovery code.'),
});

const revealLogEntry = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.object({ id: z.string(), name: z.string(), role: z.string() }),
  reason: z.string(),
  outcome: z.enum(['revealed', 'refused']),
  refusal: z.string().nullable().describe('not_assigned or reauth_failed for a refused attempt.'),
});

export const accessRequestSchema = z.object({
  id: z.string(),
  ticketId: z.string(),
  kind: z.string(),
  reason: z.string(),
  status: z.enum(REQUEST_STATUSES),
  requestedBy: z.object({ id: z.string(), name: z.string() }),
  hasSecret: z.boolean().describe('Credentials are stored (submitted or revealed).'),
  createdAt: z.string(),
  submittedAt: z.string().nullable(),
  expiresAt: z.string().nullable().describe('When the stored credentials are destroyed at the latest.'),
  lastRevealedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  endReason: z.string().nullable().describe('ticket_resolved, ticket_closed, expired or withdrawn.'),
  credentialChange: z.object({
    needed: z.boolean().describe('The credentials were destroyed and the customer has not yet said they changed them.'),
    remindersSent: z.number(),
    confirmedAt: z.string().nullable(),
  }),
  reveals: z.array(revealLogEntry).describe('Every reveal and refused attempt: who, when, why.'),
});

export const accessRequestListSchema = z.object({
  items: z.array(accessRequestSchema),
  vaultAvailable: z.boolean().describe('False while the master key is missing or wrong: nothing can be requested, submitted or revealed.'),
  revealVisibleSeconds: z.number(),
  maxDays: z.number().describe('The longest a secret is kept (SUPPORTDESK_VAULT_DAYS).'),
  viewer: z
    .object({
      canRequest: z.boolean(),
      canReveal: z.boolean(),
      canSubmit: z.boolean(),
      needsSecondFactor: z.boolean().describe('A reveal also asks for a code from your authenticator app.'),
    })
    .describe('What the caller may do on this ticket: request access (agents, open emergency tickets), reveal (assignee, admins), submit (the customer).'),
});

export const revealResponseSchema = z.object({
  requestId: z.string(),
  kind: z.string(),
  revealedAt: z.string(),
  hideAfterSeconds: z.number(),
  secret: z.object({
    host: z.string(),
    port: z.number().nullable(),
    username: z.string(),
    password: z.string().nullable(),
    privateKey: z.string().nullable(),
    notes: z.string().nullable(),
  }),
});

export const pendingChangesSchema = z.object({
  items: z.array(z.object({ requestId: z.string(), ticketId: z.string(), ticketNumber: z.number(), kind: z.string(), endedAt: z.string() })),
});

export const vaultStatusSchema = z.object({
  available: z.boolean(),
  code: z.string().nullable(),
  problem: z.string().nullable(),
  activeKeyId: z.string().nullable(),
  source: z.enum(['env', 'file']).nullable(),
});
