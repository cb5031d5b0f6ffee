import type { AppDeps } from '../../deps.js';
import { ADMINS, ALL_ROLES, getPrincipal, STAFF } from '../../http/principal.js';
import { problemResponses, uuidParam } from '../../http/schemas.js';
import type { AppInstance } from '../../http/types.js';
import { decodeCursor, toPage } from '../../http/cursor.js';
import { accountsErrors } from './accounts.errors.js';
import { toPublicUser } from './accounts.models.js';
import { createAccountsRepository } from './accounts.repository.js';
import { createUserBody, listUsersQuery, publicUserSchema, supportRulesBody, updateMeBody, userListResponse } from './accounts.schemas.js';

const tags = ['accounts'];

export function registerAccountsRoutes(app: AppInstance, { accounts, db, dialect }: AppDeps): void {
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
      const { user } = await accounts.createUser({ ...request.body, invite: request.body.password === undefined });
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
}
