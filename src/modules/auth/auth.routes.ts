import type { FastifyReply } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { ALL_ROLES, getPrincipal } from '../../http/principal.js';
import type { AppInstance } from '../../http/types.js';
import { noContent, problemResponses } from '../../http/schemas.js';
import { pickLanguage, toPublicUser } from '../accounts/accounts.models.js';
import type { Session, User } from '../../db/types.js';
import { commonErrors } from '../../shared/errors.js';
import { codeBody } from '../twofactor/twofactor.schemas.js';
import { authErrors } from './auth.errors.js';
import { SESSION_COOKIE } from './auth.models.js';
import {
  acceptedResponse,
  emailBody,
  resetConfirmBody,
  resetRequestBody,
  sessionResponse,
  signInBody,
  signOutEverywhereBody,
  signUpBody,
  verifyEmailBody,
} from './auth.schemas.js';

const tags = ['auth'];

export function registerAuthRoutes(app: AppInstance, { auth, accounts, clock, config, twoFactor }: AppDeps): void {
  const isSecure = config.publicUrl.startsWith('https://');

  // A relative max-age, not an absolute expiry from our clock: the browser measures it against its
  // own clock, which differs from ours when SUPPORTDESK_NOW is set.
  function setSessionCookie(reply: FastifyReply, token: string, expiresAt: number): void {
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: isSecure,
      path: '/',
      maxAge: Math.max(0, Math.round((expiresAt - clock.now()) / 1000)),
    });
  }

  /** The body of every response that starts or shows a session. */
  async function sessionBody(user: User, session: Session) {
    const signIn = await twoFactor.signInStateOf({ user, session });
    return { user: toPublicUser(user), csrfToken: session.csrf_token, serverTime: new Date(clock.now()).toISOString(), signIn };
  }

  app.get('/api/v1/auth/session', {
    config: { access: { roles: ALL_ROLES, incompleteSignIn: true } },
    schema: {
      tags,
      summary: 'The signed-in user, the CSRF token, the server time, and whether a second factor is still owed',
      response: { 200: sessionResponse, ...problemResponses },
    },
    handler: async (request) => {
      const principal = getPrincipal(request);
      if (principal.session) return sessionBody(principal.user, principal.session);
      return { user: toPublicUser(principal.user), csrfToken: '', serverTime: new Date(clock.now()).toISOString(), signIn: principal.signIn };
    },
  });

  app.post('/api/v1/auth/two-factor/verify', {
    config: { access: { roles: ALL_ROLES, incompleteSignIn: true } },
    schema: {
      tags,
      summary: 'Finish signing in with a code from the authenticator app or a recovery code (a new session cookie)',
      body: codeBody,
      response: { 200: sessionResponse, ...problemResponses },
    },
    handler: async (request, reply) => {
      const principal = getPrincipal(request);
      if (!principal.session || principal.signIn !== 'second_factor') throw commonErrors.conflict({ message: 'This session does not owe a second factor.' });
      await twoFactor.checkCodeThrottled({ user: principal.user, code: request.body.code });
      const { token, session } = await auth.upgradeSession({
        session: principal.session,
        user: principal.user,
        ip: request.ip,
        userAgent: request.headers['user-agent'],
      });
      setSessionCookie(reply, token, session.expires_at);
      return sessionBody(principal.user, session);
    },
  });

  app.post('/api/v1/auth/sign-in', {
    config: { access: { public: true } },
    schema: {
      tags,
      summary: 'Sign in with email and password (sets the session cookie)',
      body: signInBody,
      response: { 200: sessionResponse, ...problemResponses },
    },
    handler: async (request, reply) => {
      const { user, token, session } = await auth.signIn({ ...request.body, ip: request.ip, userAgent: request.headers['user-agent'] });
      setSessionCookie(reply, token, session.expires_at);
      return sessionBody(user, session);
    },
  });

  app.post('/api/v1/auth/sign-out', {
    config: { access: { roles: ALL_ROLES, incompleteSignIn: true } },
    schema: { tags, summary: 'Sign out this browser', response: { 204: noContent, ...problemResponses } },
    handler: async (request, reply) => {
      const principal = getPrincipal(request);
      if (principal.session) await auth.signOut({ sessionId: principal.session.id });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  });

  app.post('/api/v1/auth/sign-out-everywhere', {
    config: { access: { roles: ALL_ROLES } },
    schema: {
      tags,
      summary: 'End every session (and, if asked, every API token) of the signed-in user',
      body: signOutEverywhereBody,
      response: { 204: noContent, ...problemResponses },
    },
    handler: async (request, reply) => {
      await auth.signOutEverywhere({ userId: getPrincipal(request).user.id, revokeTokens: request.body?.revokeTokens ?? false });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  });

  app.post('/api/v1/auth/sign-up', {
    config: { access: { public: true } },
    schema: { tags, summary: 'Customer self sign-up; mails a verification link', body: signUpBody, response: { 202: acceptedResponse, ...problemResponses } },
    handler: async (request, reply) => {
      const { language, ...rest } = request.body;
      await accounts.signUp({ ...rest, language: language ?? pickLanguage(request.headers['accept-language']), ip: request.ip });
      return reply.code(202).send({ status: 'verification_sent' });
    },
  });

  app.post('/api/v1/auth/verify-email', {
    config: { access: { public: true } },
    schema: {
      tags,
      summary: 'Confirm an email address from the mailed link and choose the password; signs in',
      body: verifyEmailBody,
      response: { 200: sessionResponse, ...problemResponses },
    },
    handler: async (request, reply) => {
      const result = await accounts.verifyEmail(request.body);
      if (!result) throw authErrors.tokenInvalid();
      const { token, session } = await auth.startSession({ user: result.user, ip: request.ip, userAgent: request.headers['user-agent'] });
      setSessionCookie(reply, token, session.expires_at);
      return sessionBody(result.user, session);
    },
  });

  app.post('/api/v1/auth/verify-email/resend', {
    config: { access: { public: true } },
    schema: {
      tags,
      summary: 'Mail a new verification link to an unconfirmed address (answers the same for every address)',
      body: emailBody,
      response: { 202: acceptedResponse, ...problemResponses },
    },
    handler: async (request, reply) => {
      await accounts.resendVerification({ email: request.body.email, ip: request.ip });
      return reply.code(202).send({ status: 'verification_sent' });
    },
  });

  app.post('/api/v1/auth/password-reset', {
    config: { access: { public: true } },
    schema: {
      tags,
      summary: 'Mail a password reset link (answers the same for unknown emails)',
      body: resetRequestBody,
      response: { 202: acceptedResponse, ...problemResponses },
    },
    handler: async (request, reply) => {
      await accounts.requestPasswordReset({ email: request.body.email, ip: request.ip });
      return reply.code(202).send({ status: 'reset_sent' });
    },
  });

  app.post('/api/v1/auth/password-reset/confirm', {
    config: { access: { public: true } },
    schema: {
      tags,
      summary: 'Set a new password from a reset link; ends every session and other link (and API tokens, if asked)',
      body: resetConfirmBody,
      response: { 200: acceptedResponse, ...problemResponses },
    },
    handler: async (request) => {
      const result = await accounts.resetPassword(request.body);
      if (!result) throw authErrors.tokenInvalid();
      return { status: 'password_changed' };
    },
  });
}
