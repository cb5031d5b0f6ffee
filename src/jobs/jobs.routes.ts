import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { ADMINS } from '../http/principal.js';
import { problemResponses, uuidParam } from '../http/schemas.js';
import type { AppInstance } from '../http/types.js';
import { defineError } from '../shared/errors.js';

const jobsErrors = {
  notFound: defineError('jobs.not_found', 404, 'No such job (finished jobs are kept for a week).'),
};

const jobSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  attempts: z.number().int(),
  progress: z.object({ done: z.number(), total: z.number() }).nullable().describe('How far the job is; null until it reports.'),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});

/** Background jobs as admins see them, e.g. the recompute a calendar change started. */
export function registerJobsRoutes(app: AppInstance, { jobs }: AppDeps): void {
  app.get('/api/v1/jobs/:id', {
    config: { access: { roles: ADMINS } },
    schema: { tags: ['jobs'], summary: 'A background job and its progress', params: uuidParam, response: { 200: jobSchema, ...problemResponses } },
    handler: async (request) => {
      const job = await jobs.findJob({ id: request.params.id });
      if (!job) throw jobsErrors.notFound();
      return {
        id: job.id,
        name: job.name,
        status: job.status,
        attempts: job.attempts,
        progress: job.progress === null ? null : (JSON.parse(job.progress) as { done: number; total: number }),
        lastError: job.last_error,
        createdAt: new Date(job.created_at).toISOString(),
        finishedAt: job.finished_at === null ? null : new Date(job.finished_at).toISOString(),
      };
    },
  });
}
