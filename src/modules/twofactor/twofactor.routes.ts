import type { AppDeps } from '../../deps.js';
import { ADMINS, ALL_ROLES, getPrincipal } from '../../http/principal.js';
import { noContent, problemResponses, uuidParam } from '../../http/schemas.js';
import type { AppInstance } from '../../http/types.js';
import { accountsErrors } from '../accounts/accounts.errors.js';
import { createAccountsRepository } from '../accounts/accounts.repository.js';
import { codeBody, disableBody, policySchema, recoveryCodesResponse, setupResponse, statusResponse } from './twofactor.schemas.js';

const tags = ['two-factor'];

/** The person's own authenticator and recovery codes, and the admins' policy. */
export function registerTwoFactorRoutes(app: AppInstance, { twoFactor, auth, db }: AppDeps): void {
  app.get('/api/v1/me/two-factor', {
    config: { access: { roles: ALL_ROLES, incompleteSignIn: true } },
    schema: { tags, summary: 'Whether two-factor sign-in is on, and recovery codes left', response: { 200: statusResponse, ...problemResponses } },
    handler: async (request) => twoFactor.status({ user: getPrincipal(request).user }),
  });

  app.post('/api/v1/me/two-factor/setup', {
    // Open to a staff member whom the policy sends here, but not to a session still owing its second factor.
    config: { access: { roles: ALL_ROLES, incompleteSignIn: 'setup' } },
    schema: { tags, summary: 'Start setting up an authenticator app (a new secret and its QR code)', response: { 200: setupResponse, ...problemResponses } },
    handler: async (request) => {
      return twoFactor.startSetup({ user: getPrincipal(request).user });
    },
  });

  app.post('/api/v1/me/two-factor/enable', {
    config: { access: { roles: ALL_ROLES, incompleteSignIn: 'setup' } },
    schema: {
      tags,
      summary: 'Confirm the authenticator with a first code; returns the recovery codes once',
      body: codeBody,
      response: { 200: recoveryCodesResponse, ...problemResponses },
    },
    handler: async (request) => {
      const principal = getPrincipal(request);
      const result = await twoFactor.enable({ user: principal.user, code: request.body.code });
      // This session just proved the factor; every other session of the person must prove it too.
      if (principal.session) await auth.markSecondFactor({ sessionId: principal.session.id });
      return result;
    },
  });

  app.post('/api/v1/me/two-factor/recovery-codes', {
    config: { access: { roles: ALL_ROLES } },
    schema: { tags, summary: 'New recovery codes (the old ones stop working)', body: codeBody, response: { 200: recoveryCodesResponse, ...problemResponses } },
    handler: async (request) => twoFactor.regenerateRecoveryCodes({ user: getPrincipal(request).user, code: request.body.code }),
  });

  app.post('/api/v1/me/two-factor/disable', {
    config: { access: { roles: ALL_ROLES } },
    schema: {
      tags,
      summary: 'Turn two-factor sign-in off (password and a current code)',
      body: disableBody,
      response: { 204: noContent, ...problemResponses },
    },
    handler: async (request, reply) => {
      await twoFactor.disable({ user: getPrincipal(request).user, ...request.body });
      return reply.code(204).send(null);
    },
  });

  app.post('/api/v1/users/:id/two-factor/reset', {
    config: { access: { roles: ADMINS } },
    schema: {
      tags,
      summary: "Remove a person's authenticator (lost phone and codes); their sessions end",
      params: uuidParam,
      response: { 204: noContent, ...problemResponses },
    },
    handler: async (request, reply) => {
      if (!(await createAccountsRepository({ db }).findUserById({ id: request.params.id }))) throw accountsErrors.userNotFound();
      await twoFactor.resetFor({ userId: request.params.id });
      return reply.code(204).send(null);
    },
  });

  app.get('/api/v1/settings/two-factor', {
    config: { access: { roles: ADMINS } },
    schema: { tags, summary: 'Whether staff must use two-factor sign-in', response: { 200: policySchema, ...problemResponses } },
    handler: async () => twoFactor.readPolicy(),
  });

  app.put('/api/v1/settings/two-factor', {
    config: { access: { roles: ADMINS } },
    schema: {
      tags,
      summary: 'Require (or stop requiring) two-factor sign-in for staff',
      body: policySchema,
      response: { 200: policySchema, ...problemResponses },
    },
    handler: async (request) => twoFactor.writePolicy({ policy: request.body, by: getPrincipal(request).user.id }),
  });
}
