import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { getPrincipal, STAFF } from '../../http/principal.js';
import { noContent, problemResponses, uuidParam } from '../../http/schemas.js';
import type { AppInstance } from '../../http/types.js';
import { commonErrors } from '../../shared/errors.js';
import { accountsErrors } from '../accounts/accounts.errors.js';
import { createAccountsRepository } from '../accounts/accounts.repository.js';
import { tokensErrors } from './tokens.errors.js';
import { SCOPES } from './tokens.models.js';
import { toPublicToken } from './tokens.usecases.js';

const tags = ['tokens'];
const tokenSchema = z.object({
  id: z.string(),
  userId: z.string(),
  name: z.string(),
  scopes: z.array(z.enum(SCOPES)),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revoked: z.boolean(),
  expiresAt: z.string().nullable(),
});
const createTokenBody = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.string()).max(10).default([]).describe("licenses:read, licenses:write; none means the user's whole role."),
  userId: z.uuid().optional().describe('Admins may issue a token for another person.'),
  expiresAt: z.iso.datetime({ offset: true }).optional().describe('When the token stops working; left out, it never expires.'),
});

export function registerTokensRoutes(app: AppInstance, { tokens, db, clock }: AppDeps): void {
  app.get('/api/v1/tokens', {
    config: { access: { roles: STAFF } },
    schema: {
      tags,
      summary: "API tokens: your own, or everyone's for admins",
      response: { 200: z.object({ items: z.array(tokenSchema) }), ...problemResponses },
    },
    handler: async (request) => {
      const { user } = getPrincipal(request);
      const items = await tokens.listTokens({ userId: user.role === 'admin' ? undefined : user.id });
      return { items: items.map(toPublicToken) };
    },
  });

  app.post('/api/v1/tokens', {
    config: { access: { roles: STAFF } },
    schema: {
      tags,
      summary: 'Create an API token; the secret is shown once',
      body: createTokenBody,
      response: { 201: tokenSchema.extend({ token: z.string() }), ...problemResponses },
    },
    handler: async (request, reply) => {
      const { user } = getPrincipal(request);
      const userId = request.body.userId ?? user.id;
      if (userId !== user.id) {
        if (user.role !== 'admin') throw commonErrors.forbidden();
        if (!(await createAccountsRepository({ db }).findUserById({ id: userId }))) throw accountsErrors.userNotFound();
      }
      const expiresAt = request.body.expiresAt === undefined ? null : Date.parse(request.body.expiresAt);
      if (expiresAt !== null && expiresAt <= clock.now()) throw tokensErrors.expiryInPast();
      const { token, secret } = await tokens.createToken({
        userId,
        name: request.body.name,
        scopes: request.body.scopes,
        expiresAt,
        actor: { id: user.id, email: user.email, ip: request.ip },
      });
      return reply.code(201).send({ ...toPublicToken(token), token: secret });
    },
  });

  app.delete('/api/v1/tokens/:id', {
    config: { access: { roles: STAFF } },
    schema: { tags, summary: 'Revoke an API token', params: uuidParam, response: { 204: noContent, ...problemResponses } },
    handler: async (request, reply) => {
      const { user } = getPrincipal(request);
      const token = await tokens.findToken({ id: request.params.id });
      // Someone else's token is "not found" to an agent: never reveal that it exists.
      if (!token || (token.user_id !== user.id && user.role !== 'admin')) throw tokensErrors.notFound();
      await tokens.revokeToken({ id: token.id, actor: { id: user.id, email: user.email, ip: request.ip } });
      return reply.code(204).send(null);
    },
  });
}
