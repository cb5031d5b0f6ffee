// Helpers for the vault's tests: an emergency ticket with an assigned agent, a request, credentials.
import type { LightMyRequestResponse } from 'fastify';
import { signInAs, TEST_PASSWORD, type Caller, type TestContext } from './app.js';
import { customerWith, openTicket } from './tickets.js';
import { createDeps } from '../src/deps.js';
import { buildApp } from '../src/http/app.js';

/** Distinctive plaintext, so a search of files, dumps and logs cannot miss it. */
export const SECRET_PASSWORD = 'Plaintext-Zebra-4471-Quokka';
export const SECRET_KEY_LINE = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDzebraquokka';
export const SECRET_NOTES = 'the backup admin is hidden-walrus-8812';

export const secretBody = (overrides: Record<string, unknown> = {}) => ({
  host: 'ftp.customer-site.example',
  port: 21,
  username: 'deploy',
  password: SECRET_PASSWORD,
  privateKey: `-----BEGIN PRIVATE KEY-----\n${SECRET_KEY_LINE}\n-----END PRIVATE KEY-----\n`,
  notes: SECRET_NOTES,
  ...overrides,
});

export interface VaultScene {
  customer: Caller;
  agent: Caller;
  ticketId: string;
  requestId: string;
}

export function call(
  ctx: TestContext,
  caller: Caller | undefined,
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  payload?: unknown,
): Promise<LightMyRequestResponse> {
  return ctx.app.inject({ method, url, headers: caller?.headers ?? {}, ...(payload !== undefined && { payload: payload as Record<string, unknown> }) });
}

/** A customer's emergency ticket, assigned to a fresh agent who asked for FTP access. */
export async function requestScene(ctx: TestContext): Promise<VaultScene> {
  const customer = await customerWith(ctx, 'fresh');
  const agent = await signInAs(ctx, { role: 'agent', name: 'Alice Agent' });
  const opened = await openTicket(ctx, customer, { kind: 'emergency', subject: 'The shop is down', body: 'Error 500 everywhere since the update.' });
  if (opened.statusCode !== 201) throw new Error(`opening the ticket failed: ${opened.body}`);
  const ticketId = (opened.json() as { id: string }).id;
  const assigned = await call(ctx, agent, 'PATCH', `/api/v1/tickets/${ticketId}`, { assigneeId: agent.userId });
  if (assigned.statusCode !== 200) throw new Error(`assigning failed: ${assigned.body}`);
  const requested = await call(ctx, agent, 'POST', `/api/v1/tickets/${ticketId}/access-requests`, {
    kind: 'ftp',
    reason: 'To restore the theme files from the backup.',
  });
  if (requested.statusCode !== 201) throw new Error(`requesting access failed: ${requested.body}`);
  return { customer, agent, ticketId, requestId: (requested.json() as { id: string }).id };
}

/** requestScene, with the credentials submitted by the customer. */
export async function submittedScene(ctx: TestContext, body: Record<string, unknown> = {}): Promise<VaultScene> {
  const scene = await requestScene(ctx);
  const submitted = await call(ctx, scene.customer, 'POST', `/api/v1/access-requests/${scene.requestId}/secret`, secretBody(body));
  if (submitted.statusCode !== 200) throw new Error(`submitting failed: ${submitted.body}`);
  return scene;
}

export function reveal(ctx: TestContext, caller: Caller, requestId: string, { password = TEST_PASSWORD, reason = 'Restoring the theme files now.' } = {}) {
  return call(ctx, caller, 'POST', `/api/v1/access-requests/${requestId}/reveal`, { password, reason });
}

export async function mailsTo(ctx: TestContext, { to, template }: { to: string; template: string }) {
  return ctx.deps.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', to).where('template', '=', template).orderBy('created_at').execute();
}

/**
 * A second app on the same database with other vault settings: another process, started with
 * another key (or none). Sessions live in the database, so callers' headers work on it too.
 */
export async function otherProcess(ctx: TestContext, vaultConfig: { vaultKey?: string; dataDir?: string }): Promise<TestContext & { close(): Promise<void> }> {
  const config = { ...ctx.deps.config, ...vaultConfig };
  const deps = createDeps({ config, db: ctx.deps.db, dialect: ctx.deps.dialect, clock: ctx.clock, logger: ctx.deps.logger });
  const app = await buildApp(deps);
  await app.ready();
  return { ...ctx, app, deps, close: () => app.close() };
}
