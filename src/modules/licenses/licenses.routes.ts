import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { decodeCursor, toPage } from '../../http/cursor.js';
import { assertIfMatch, createKeyedLock, etagOf } from '../../http/etag.js';
import { ADMINS, ALL_ROLES, getPrincipal, STAFF } from '../../http/principal.js';
import { problemResponses, problemSchema, uuidParam } from '../../http/schemas.js';
import type { AppInstance } from '../../http/types.js';
import { toPublicUser } from '../accounts/accounts.models.js';
import { createAccountsRepository } from '../accounts/accounts.repository.js';
import { publicUserSchema } from '../auth/auth.schemas.js';
import { licensesErrors } from './licenses.errors.js';
import { toPublicLicense } from './licenses.models.js';
import { createLicensesRepository } from './licenses.repository.js';
import {
  entitlementSchema,
  licenseKeyParams,
  myEntitlementSchema,
  licenseSchema,
  listLicensesQuery,
  patchLicenseBody,
  putLicenseBody,
} from './licenses.schemas.js';

const tags = ['licenses'];
const READ = { scopes: ['licenses:read'] as const };
const WRITE = { scopes: ['licenses:write'] as const };

export function registerLicensesRoutes(app: AppInstance, { db, dialect, licenses, calendar }: AppDeps): void {
  const repo = createLicensesRepository({ db });
  const users = createAccountsRepository({ db });

  const withLicenseLock = createKeyedLock();
  const licenseEtag = async (key: string) => {
    const license = await repo.findByKey({ key });
    if (!license) throw licensesErrors.notFound();
    return etagOf(license);
  };

  async function present(key: string) {
    const license = await repo.findByKey({ key });
    if (!license) throw licensesErrors.notFound();
    const customer = await users.findUserById({ id: license.customer_id });
    return toPublicLicense(license, customer);
  }

  app.put('/api/v1/licenses/:key', {
    config: { access: { roles: ADMINS, ...WRITE } },
    schema: {
      tags,
      summary: 'Create or update a license from the shop (idempotent)',
      params: licenseKeyParams,
      body: putLicenseBody,
      response: { 200: licenseSchema, 201: licenseSchema, ...problemResponses },
    },
    handler: async (request, reply) => {
      const { key } = request.params;
      const { outcomes } = await licenses.upsertLicenses({ items: [{ key, fields: request.body }], source: 'api' });
      void reply.header('etag', await licenseEtag(key));
      return reply.code(outcomes[0] === 'created' ? 201 : 200).send(await present(key));
    },
  });

  app.patch('/api/v1/licenses/:key', {
    config: { access: { roles: ADMINS, ...WRITE } },
    schema: {
      tags,
      summary: 'Change part of a license (refund, revoke, transfer)',
      description: 'With `If-Match: <ETag of GET /api/v1/licenses/{key}>`, a license changed since answers 412 and nothing is written.',
      params: licenseKeyParams,
      headers: z.looseObject({ 'if-match': z.string().max(200).optional() }),
      body: patchLicenseBody,
      response: { 200: licenseSchema, ...problemResponses, 412: problemSchema },
    },
    handler: (request, reply) =>
      withLicenseLock(request.params.key, async () => {
        assertIfMatch(request, await licenseEtag(request.params.key));
        await licenses.patchLicense({ key: request.params.key, changes: request.body });
        void reply.header('etag', await licenseEtag(request.params.key));
        return present(request.params.key);
      }),
  });

  app.get('/api/v1/licenses/:key', {
    config: { access: { roles: ALL_ROLES, ...READ } },
    schema: { tags, summary: 'One license (customers: only their own)', params: licenseKeyParams, response: { 200: licenseSchema, ...problemResponses } },
    handler: async (request, reply) => {
      const { user } = getPrincipal(request);
      const license = await present(request.params.key);
      // Another customer's license is "not found": never reveal that it exists.
      if (user.role === 'customer' && license.customerId !== user.id) throw licensesErrors.notFound();
      void reply.header('etag', await licenseEtag(request.params.key));
      return license;
    },
  });

  app.get('/api/v1/licenses', {
    config: { access: { roles: STAFF, ...READ } },
    schema: {
      tags,
      summary: 'Licenses, newest first, with filters',
      querystring: listLicensesQuery,
      response: { 200: z.object({ items: z.array(licenseSchema), nextCursor: z.string().nullable() }), ...problemResponses },
    },
    handler: async (request) => {
      const { limit, cursor, q, ...filters } = request.query;
      const rows = await repo.list({ filters: { ...filters, query: q }, limit: limit + 1, after: cursor ? decodeCursor(cursor, { dialect }) : undefined });
      return toPage(rows, limit, (row) => toPublicLicense(row, { email: row.customer_email, name: row.customer_name }));
    },
  });

  app.get('/api/v1/me/licenses', {
    config: { access: { roles: ALL_ROLES } },
    schema: { tags, summary: "The signed-in customer's licenses", response: { 200: z.object({ items: z.array(licenseSchema) }), ...problemResponses } },
    handler: async (request) => {
      const { user } = getPrincipal(request);
      const rows = await repo.listOfCustomer({ customerId: user.id });
      return { items: rows.map((l) => toPublicLicense(l)) };
    },
  });

  app.get('/api/v1/me/entitlement', {
    config: { access: { roles: ALL_ROLES } },
    schema: {
      tags,
      summary: 'Whether the signed-in customer may open support tickets, and until when replies are guaranteed',
      response: { 200: myEntitlementSchema, ...problemResponses },
    },
    handler: async (request) => ({
      ...(await licenses.entitlementOf({ customer: getPrincipal(request).user })),
      replyTargetMinutes: (await calendar.getReplyTargets()).question,
    }),
  });

  app.get('/api/v1/customers/:id', {
    config: { access: { roles: STAFF } },
    schema: {
      tags,
      summary: 'A customer with their licenses and entitlement (agents and admins)',
      params: uuidParam,
      response: { 200: z.object({ user: publicUserSchema, licenses: z.array(licenseSchema), entitlement: entitlementSchema }), ...problemResponses },
    },
    handler: async (request) => {
      const customer = await users.findUserById({ id: request.params.id });
      if (!customer || customer.role !== 'customer') throw licensesErrors.customerNotFound();
      const rows = await repo.listOfCustomer({ customerId: customer.id });
      return { user: toPublicUser(customer), licenses: rows.map((l) => toPublicLicense(l)), entitlement: await licenses.entitlementOf({ customer }) };
    },
  });
}
