import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../deps.js';
import type { AuditActor } from '../audit/audit.models.js';
import { ADMINS, ALL_ROLES, getPrincipal, STAFF } from '../../http/principal.js';
import { problemResponses, uuidParam } from '../../http/schemas.js';
import type { AppInstance } from '../../http/types.js';
import { decodeCursor, toPage } from '../../http/cursor.js';
import { accountsErrors } from './accounts.errors.js';
import { toPublicUser } from './accounts.models.js';
import { createAccountsRepository } from './accounts.repository.js';
import { createUserBody, listUsersQuery, publicUserSchema, supportRulesBody, updateMeBody, updateUserBody, userListResponse } from './accounts.schemas.js';

/** The signed-in person and their address, for the audit log. */
export function auditActor(request: FastifyRequest): AuditActor {
  const { user } = getPrincipal(request);
  return { id: user.id, email: user.email, ip: request.ip };
}

const tags = ['accounts'];

export function registerAccountsRoutes(app: AppInstance, { accounts, people, db, dialect }: AppDeps): void {
  const repo = createAccountsRepository({ db });

  app.get('/api/v1/me', {
    config: { access: { roles: ALL_ROLES } },
    schema: { tags, summary: 'The signed-in user', response: { 200: publicUserSchema, ...problemResponses } },
    handler: async (request) => toPublicUser(getPrincipal(request).user),
  });

  app.patch('/api/v1/me', {
    config: { access: { roles: ALL_ROLES } },
    schema: { tags, summary: 'Change name, language or time zone', body: updateMeBody, response: { 200: publicUserSchema, ...problemResponses } },
    handler: async (request) => {
      const { user } = await accounts.updateProfile({ userId: getPrincipal(request).user.id, ...request.body });
      return toPublicUser(user);
    },
  });

  app.put('/api/v1/me/support-rules', {
    config: { access: { roles: ['customer'] } },
    schema: {
      tags,
      summary: 'Acknowledge the support rules (customers); stored on the account with the version and time',
      body: supportRulesBody,
      response: { 200: publicUserSchema, ...problemResponses },
    },
    handler: async (request) => {
      const { user } = await accounts.acknowledgeSupportRules({ userId: getPrincipal(request).user.id, version: request.body.version });
      return toPublicUser(user);
    },
  });

  app.get('/api/v1/users', {
    config: { access: { roles: STAFF } },
    schema: { tags, summary: 'List people (agents and admins)', querystring: listUsersQuery, response: { 200: userListResponse, ...problemResponses } },
    handler: async (request) => {
      const { role, q, limit, cursor } = request.query;
      const users = await repo.listUsers({ role, query: q, limit: limit + 1, after: cursor ? decodeCursor(cursor, { dialect }) : undefined });
      return toPage(users, limit, toPublicUser);
    },
  });

  app.post('/api/v1/users', {
    config: { access: { roles: ADMINS } },
    schema: {
      tags,
      summary: 'Create a person (admins); without a password they are mailed a link',
      body: createUserBody,
      response: { 201: publicUserSchema, ...problemResponses },
    },
    handler: async (request, reply) => {
      const { user } = await people.createPerson({ actor: auditActor(request), ...request.body });
      return reply.code(201).send(toPublicUser(user));
    },
  });

  app.get('/api/v1/users/:id', {
    config: { access: { roles: STAFF } },
    schema: { tags, summary: 'One person (agents and admins)', params: uuidParam, response: { 200: publicUserSchema, ...problemResponses } },
    handler: async (request) => {
      const user = await repo.findUserById({ id: request.params.id });
      if (!user) throw accountsErrors.userNotFound();
      return toPublicUser(user);
    },
  });

  app.patch('/api/v1/users/:id', {
    config: { access: { roles: ADMINS } },
    schema: {
      tags,
      summary: "Change a person's role, or deactivate or reactivate them (admins)",
      description:
        'Deactivation ends every session, mailed link and API token of the person in the same transaction; their open tickets go to `reassignTo` or to nobody. Their history stays. The last active admin cannot be demoted or deactivated.',
      params: uuidParam,
      body: updateUserBody,
      response: { 200: publicUserSchema, ...problemResponses },
    },
    handler: async (request) => {
      const actor = auditActor(request);
      const { role, disabled, reassignTo } = request.body;
      const id = request.params.id;
      if (!(await repo.findUserById({ id }))) throw accountsErrors.userNotFound();
      if (disabled === true) await people.deactivate({ actor, userId: id, reassignTo: reassignTo ?? null });
      if (role !== undefined) await people.changeRole({ actor, userId: id, role });
      if (disabled === false) await people.reactivate({ actor, userId: id });
      return toPublicUser((await repo.findUserById({ id }))!);
    },
  });
}
