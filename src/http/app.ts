import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from 'fastify';
import helmet from 'helmet';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { DATABASE_FAILURE_PROBLEMS } from '../db/failures.js';
import type { AppDeps } from '../deps.js';
import { registerJobsRoutes } from '../jobs/jobs.routes.js';
import { registerAccountsRoutes } from '../modules/accounts/accounts.routes.js';
import { registerAuditRoutes } from '../modules/audit/audit.routes.js';
import { registerAuthRoutes } from '../modules/auth/auth.routes.js';
import { registerCalendarRoutes } from '../modules/calendar/calendar.routes.js';
import { registerLicensesRoutes } from '../modules/licenses/licenses.routes.js';
import { registerLiveRoutes } from '../modules/live/live.routes.js';
import { registerMailAdminRoutes } from '../modules/mail/mail.admin.routes.js';
import { registerMailRoutes } from '../modules/mail/mail.routes.js';
import { registerNotificationsRoutes } from '../modules/notifications/notifications.routes.js';
import { registerTicketsRoutes } from '../modules/tickets/tickets.routes.js';
import { registerTokensRoutes } from '../modules/tokens/tokens.routes.js';
import { registerVaultRoutes } from '../modules/vault/vault.routes.js';
import { registerTwoFactorRoutes } from '../modules/twofactor/twofactor.routes.js';
import { registerSettingsRoutes } from '../modules/settings/settings.routes.js';
import { registerAttachmentsRoutes } from '../modules/attachments/attachments.routes.js';
import { registerCannedRoutes } from '../modules/canned/canned.routes.js';
import { registerAssignmentRoutes } from '../modules/tickets/tickets.assignment.routes.js';
import { registerBulkRoutes } from '../modules/tickets/tickets.bulk.routes.js';
import { registerViewsRoutes } from '../modules/views/views.routes.js';
import { createHealth } from './health.js';
import { createLoadShedder } from './load-shedding.js';
import { registerWebhooksRoutes } from '../modules/webhooks/webhooks.routes.js';
import { registerIdempotency } from './idempotency.js';
import { registerSuggestionsRoutes } from '../modules/suggestions/suggestions.routes.js';
import { registerSetupRoutes } from '../modules/setup/setup.routes.js';
import { registerHelpRoutes } from '../modules/help/help.routes.js';
import { registerHelpPages } from '../modules/help/help.pages.js';
import { registerReportsRoutes } from '../modules/reports/reports.routes.js';
import { handleError, sendProblem } from './problem.js';
import { registerPrincipal } from './principal.js';
import { registerRateLimit, RATE_LIMIT_WINDOW_MS } from './rate-limit.js';
import { createMemoryRateLimitStore, createSharedRateLimitStore, type RateLimitStore } from './rate-limit.store.js';
import { registerTextGuard } from './text-guard.js';
import { createRouteIndex } from './routes-index.js';
import type { AppInstance } from './types.js';

export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * A line per request buries what matters (start-up notes, links, warnings) at the default level:
 * Fastify's "incoming request" and "request completed" lines go to debug (`LOG_LEVEL=debug`).
 * Failed requests still log as errors.
 */
class QuietRequestLogs extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null, request: FastifyRequest, reply: FastifyReply): void {
    if (error) super.requestCompleted(error, request, reply);
    else reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

/** Builds the HTTP application without listening, so tests can `inject()` into it. */
export async function buildApp(
  deps: AppDeps,
  { webDir, rateLimitStore }: { webDir?: string; /** Tests: a store they can flush. */ rateLimitStore?: RateLimitStore } = {},
): Promise<AppInstance> {
  // Ahead of Fastify itself: a shed request must cost nothing (no routing, no session, no database).
  const shedder = createLoadShedder({ maxInFlight: deps.config.maxInFlight, maxEventLoopDelayMs: deps.config.maxEventLoopDelayMs });
  const app = Fastify({
    serverFactory: (handler) => http.createServer(shedder.wrap(handler)),
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT_BYTES,
    // A number of hops becomes proxy-addr's trust function: trust the first `hops` addresses from the socket.
    trustProxy:
      typeof deps.config.trustProxy === 'number'
        ? (
            (hops: number) => (_address: string, hop: number) =>
              hop < hops
          )(deps.config.trustProxy)
        : deps.config.trustProxy,
    logController: new QuietRequestLogs(),
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();
  app.addHook('onClose', async () => shedder.stop());
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const health = createHealth({
    db: deps.db,
    dataDir: deps.config.dataDir,
    minFreeBytes: deps.config.minFreeDiskMb * 1024 * 1024,
    databaseProblem: deps.databaseProblem,
  });
  app.setErrorHandler((error, request, reply) => handleError(error, request, reply, { onDatabaseFailure: health.noteFailure }));
  // JSON only (multipart is added where uploads are accepted): anything else is a clear 415.
  app.removeContentTypeParser('text/plain');

  // A large SQLite file is checked after start: once damage is found, nothing more is read or written.
  if (deps.databaseProblem) {
    const isDamaged = deps.databaseProblem;
    app.addHook('onRequest', async (request, reply) => {
      if (!isDamaged() || request.url === '/healthz' || request.url === '/readyz') return;
      const { status, code, detail, retryAfterSeconds } = DATABASE_FAILURE_PROBLEMS.damaged;
      return sendProblem(reply, { status, code, detail }, { 'retry-after': String(retryAfterSeconds) });
    });
  }

  const routes = createRouteIndex();
  app.addHook('onRoute', (route) => {
    routes.add({ url: route.url, methods: Array.isArray(route.method) ? route.method : [route.method] });
  });

  // Built once: @fastify/helmet rebuilt the middleware (and re-parsed the CSP) on every request.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
    referrerPolicy: { policy: 'same-origin' },
    // HSTS only where the site is served over HTTPS (SUPPORTDESK_PUBLIC_URL says so): over plain HTTP
    // the header means nothing to browsers and misleads scanners and proxies.
    strictTransportSecurity: deps.config.publicUrl.startsWith('https://') ? { maxAge: 365 * 24 * 3600, includeSubDomains: true } : false,
  });
  app.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined)));
  await app.register(fastifyCookie);
  registerPrincipal(app, deps);
  registerIdempotency(app, deps);
  if (deps.config.rateLimitPerMinute > 0) {
    const { db, clock, logger } = deps;
    const store =
      rateLimitStore ??
      (deps.dialect === 'postgres'
        ? createSharedRateLimitStore({ db, clock, windowMs: RATE_LIMIT_WINDOW_MS, onError: (err) => logger.warn({ err }, 'rate limit counts not shared') })
        : createMemoryRateLimitStore({ clock, windowMs: RATE_LIMIT_WINDOW_MS }));
    await registerRateLimit(app, { max: deps.config.rateLimitPerMinute, store });
  }
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Supportdesk API', version: '1', description: 'License-aware helpdesk. Errors are application/problem+json with a stable `code`.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API token from `supportdesk tokens create`.' },
          session: { type: 'apiKey', in: 'cookie', name: 'sd_session', description: 'The web session; writes also need the X-CSRF-Token header.' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  registerTextGuard(app);

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const problem = await health.findProblem();
    if (!problem) return { status: 'ready' };
    const { code, detail, retryAfterSeconds } = DATABASE_FAILURE_PROBLEMS[problem];
    return sendProblem(reply, { status: 503, code, detail }, { 'retry-after': String(retryAfterSeconds) });
  });

  registerAuthRoutes(app, deps);
  registerAccountsRoutes(app, deps);
  registerTokensRoutes(app, deps);
  registerLicensesRoutes(app, deps);
  registerTicketsRoutes(app, deps);
  registerAttachmentsRoutes(app, deps);
  registerCannedRoutes(app, deps);
  registerAssignmentRoutes(app, deps);
  registerBulkRoutes(app, deps);
  registerViewsRoutes(app, deps);
  registerCalendarRoutes(app, deps);
  registerJobsRoutes(app, deps);
  registerLiveRoutes(app, deps);
  registerMailRoutes(app, deps);
  registerMailAdminRoutes(app, deps);
  registerNotificationsRoutes(app, deps);
  registerVaultRoutes(app, deps);
  registerWebhooksRoutes(app, deps);
  registerSuggestionsRoutes(app, deps);
  registerSetupRoutes(app, deps);
  registerTwoFactorRoutes(app, deps);
  registerHelpRoutes(app, deps);
  registerHelpPages(app, deps);
  registerReportsRoutes(app, deps);
  registerSettingsRoutes(app, deps);
  registerAuditRoutes(app, deps);

  const indexHtml = webDir ? path.join(webDir, 'index.html') : undefined;
  const hasWeb = indexHtml !== undefined && fs.existsSync(indexHtml);
  if (hasWeb && webDir) {
    await app.register(fastifyStatic, {
      root: webDir,
      wildcard: false,
      setHeaders: (res, filePath) => {
        // Vite fingerprints everything under assets/, so those never change.
        res.setHeader('cache-control', filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }

  app.setNotFoundHandler(async (request, reply) => {
    const pathname = request.url.split('?')[0] ?? '/';
    if (!pathname.startsWith('/api/')) {
      if (hasWeb && (request.method === 'GET' || request.method === 'HEAD')) {
        return reply.header('cache-control', 'no-cache').sendFile('index.html');
      }
    }
    const allowed = routes.allowedMethods({ path: pathname });
    if (allowed.length > 0) {
      return sendProblem(
        reply,
        { status: 405, code: 'request.method_not_allowed', detail: `${request.method} is not allowed here. Allowed: ${allowed.join(', ')}.` },
        { allow: allowed.join(', ') },
      );
    }
    return sendProblem(reply, { status: 404, code: 'request.route_not_found', detail: `There is no ${request.method} ${pathname}.` });
  });

  return app;
}
