import type { AppDeps } from '../../deps.js';
import { ALL_ROLES, getPrincipal, STAFF } from '../../http/principal.js';
import { problemResponses } from '../../http/schemas.js';
import type { AppInstance } from '../../http/types.js';
import { expectationQuery, expectationResponse, reportQuery, reportResponse } from './reports.schemas.js';
import { toReportView } from './reports.views.js';

const tags = ['reports'];

/** Reports: admins see everyone's figures, agents their own; tokens need `reports:read`. */
export function registerReportsRoutes(app: AppInstance, { reports, config }: Pick<AppDeps, 'reports' | 'config'>): void {
  app.get('/api/v1/reports/summary', {
    config: { access: { roles: STAFF, scopes: ['reports:read'] } },
    schema: {
      tags,
      summary:
        'Every figure for a period: volume, reply times in business time, same-day share, compliance and breaches, best effort, declines, requests, satisfaction, per agent, by day',
      querystring: reportQuery,
      response: { 200: reportResponse, ...problemResponses },
    },
    handler: async (request) => {
      const figures = await reports.buildReport({ actor: getPrincipal(request).user, request: request.query });
      return toReportView(figures, { publicUrl: config.publicUrl });
    },
  });

  app.get('/api/v1/reports/expectation', {
    config: { access: { roles: ALL_ROLES, scopes: ['reports:read'] } },
    schema: {
      tags,
      summary: '"Usually answered within N business hours" for a kind, from the last 30 days of first replies',
      querystring: expectationQuery,
      response: { 200: expectationResponse, ...problemResponses },
    },
    handler: async (request) => {
      const { medianMs } = await reports.expectFirstReply({ kind: request.query.kind });
      return { kind: request.query.kind, hours: medianMs === null ? null : Math.max(1, Math.ceil(medianMs / 3_600_000)) };
    },
  });
}
