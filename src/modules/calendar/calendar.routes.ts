import type { FastifyReply } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { ADMINS, ALL_ROLES, getPrincipal, STAFF } from '../../http/principal.js';
import { problemResponses } from '../../http/schemas.js';
import type { AppInstance } from '../../http/types.js';
import { serializeCalendarFile } from './calendar.file.js';
import { listHolidayCountries, listPresets } from './calendar.presets.js';
import {
  applyPresetBody,
  calendarFileBody,
  calendarSchema,
  importIcsBody,
  presetsQuery,
  presetsResponse,
  previewBody,
  previewResponse,
  putCalendarResponse,
  replyTargetsBody,
  replyTargetsResponse,
  unsavedCalendarResponse,
} from './calendar.schemas.js';
import { formatInstant } from './calendar.sla.js';

const tags = ['calendar'];

/** The header naming the background job a change started; GET /api/v1/jobs/{id} shows its progress. */
export const JOB_ID_HEADER = 'supportdesk-job-id';

// A saved change answers with the saved document (the same shape GET returns), so the job that
// recomputes due times travels in headers rather than in the calendar file itself.
function announceJob(reply: FastifyReply, jobId: string | null): void {
  if (jobId === null) return;
  reply.header(JOB_ID_HEADER, jobId).header('link', `</api/v1/jobs/${jobId}>; rel="monitor"`);
}

export function registerCalendarRoutes(app: AppInstance, { calendar }: AppDeps): void {
  app.get('/api/v1/calendar', {
    config: { access: { roles: ALL_ROLES } },
    schema: { tags, summary: 'The business calendar (the calendar file)', response: { 200: calendarSchema, ...problemResponses } },
    handler: async () => calendar.getCalendar(),
  });

  app.put('/api/v1/calendar', {
    config: { access: { roles: ADMINS } },
    schema: {
      tags,
      summary: 'Replace the business calendar; reply-due times are recomputed in the background',
      description:
        'Answers the saved calendar. When it changed, a calendar.recompute_due job is queued in the same transaction; its id is in the Supportdesk-Job-Id header and Link: </api/v1/jobs/{id}>; rel="monitor".',
      body: calendarFileBody,
      response: { 200: putCalendarResponse, ...problemResponses },
    },
    handler: async (request, reply) => {
      const { user } = getPrincipal(request);
      const saved = await calendar.setCalendar({ input: request.body, by: user.id, actor: { id: user.id, email: user.email, ip: request.ip } });
      announceJob(reply, saved.recomputeJobId);
      return saved.calendar;
    },
  });

  app.get('/api/v1/calendar/export', {
    config: { access: { roles: STAFF } },
    schema: {
      tags,
      summary: 'The calendar file as a download (calendar.json)',
      response: { 200: { description: 'The calendar file.', content: { 'application/json': { schema: calendarSchema } } }, ...problemResponses },
    },
    handler: async (_request, reply) => {
      const text = serializeCalendarFile(await calendar.getCalendar());
      // Sent as text, which Fastify does not re-serialize (hence the cast past the typed reply): the
      // stable, diff-friendly layout of the CLI's export rather than one line of JSON.
      return reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', 'attachment; filename="calendar.json"')
        .send(text as never);
    },
  });

  app.post('/api/v1/calendar/preview', {
    config: { access: { roles: STAFF } },
    schema: {
      tags,
      summary: 'When something that starts at `start` and needs `minutes` business minutes is due',
      body: previewBody,
      response: { 200: previewResponse, ...problemResponses },
    },
    handler: async (request) => {
      const { start, due, timezone } = await calendar.previewDue(request.body);
      return { start: new Date(start).toISOString(), due: new Date(due).toISOString(), dueLocal: formatInstant({ at: due, timezone }), timezone };
    },
  });

  app.get('/api/v1/calendar/presets', {
    config: { access: { roles: STAFF } },
    schema: { tags, summary: 'Holiday presets an admin can apply', querystring: presetsQuery, response: { 200: presetsResponse, ...problemResponses } },
    handler: async (request) => {
      const language = request.query.language ?? getPrincipal(request).user.language;
      return { ...listPresets(), countries: listHolidayCountries({ language }) };
    },
  });

  app.post('/api/v1/calendar/apply-preset', {
    config: { access: { roles: ADMINS } },
    schema: {
      tags,
      summary: 'A calendar with a preset applied (not saved)',
      body: applyPresetBody,
      response: { 200: unsavedCalendarResponse, ...problemResponses },
    },
    handler: async (request) => (await calendar.applyPreset(request.body)).calendar,
  });

  app.post('/api/v1/calendar/import-ics', {
    config: { access: { roles: ADMINS } },
    schema: {
      tags,
      summary: "A calendar with an .ics file's all-day events added as holidays (not saved)",
      body: importIcsBody,
      response: { 200: unsavedCalendarResponse, ...problemResponses },
    },
    handler: async (request) => (await calendar.importIcs(request.body)).calendar,
  });

  app.get('/api/v1/reply-targets', {
    config: { access: { roles: STAFF } },
    schema: { tags, summary: 'Reply targets per ticket kind, in business minutes', response: { 200: replyTargetsResponse, ...problemResponses } },
    handler: async () => calendar.getReplyTargets(),
  });

  app.put('/api/v1/reply-targets', {
    config: { access: { roles: ADMINS } },
    schema: {
      tags,
      summary: 'Replace the reply targets; reply-due times are recomputed in the background',
      description: 'Answers the saved targets. When they changed, the Supportdesk-Job-Id header names the calendar.recompute_due job.',
      body: replyTargetsBody,
      response: { 200: replyTargetsResponse, ...problemResponses },
    },
    handler: async (request, reply) => {
      const { user } = getPrincipal(request);
      const saved = await calendar.setReplyTargets({ targets: request.body, by: user.id, actor: { id: user.id, email: user.email, ip: request.ip } });
      announceJob(reply, saved.recomputeJobId);
      return saved.targets;
    },
  });
}
