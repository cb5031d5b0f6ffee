// The admin screens' calls. They need two things the shared client does not hand out: response
// headers (the Supportdesk-Job-Id of a save) and a problem's `details.issues`. So they have their
// own small fetch wrapper here, throwing the shared ApiError (a subclass carrying the issues), so
// the app's error words (describeError) work on them unchanged.
import { api, ApiError, sendWithRetry, UNEXPECTED_RESPONSE, type Language, type Problem } from '../../api/client.js';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A local [start, end) interval, "HH:MM"; "24:00" is allowed as an end. */
export type Interval = [string, string];

/** The calendar file (DESIGN.md, "Business calendar"), as the editor holds it. */
export interface CalendarFile {
  timezone: string;
  week: Record<Weekday, Interval[]>;
  holidays: string[];
  specialDays: Record<string, Interval[]>;
}

export const TICKET_KINDS = ['question', 'problem', 'emergency', 'suggestion', 'partnership'] as const;
export type TicketKind = (typeof TICKET_KINDS)[number];

/** Business minutes per ticket kind; null means no target. */
export type ReplyTargets = Record<TicketKind, number | null>;

export interface Preview {
  start: string;
  due: string;
  dueLocal: string;
  timezone: string;
}

export interface Presets {
  /** `note`: what the preset does not know (a year whose transfers of days off are not known yet). */
  presets: { id: string; labels: Record<Language, string>; note?: Record<Language, string> }[];
  generic: { pattern: string; example: string; labels: Record<Language, string> };
  countries: Record<string, string>;
}

export type ChecklistItem = 'holidays' | 'reply_targets' | 'mail' | 'first_agent';

/** The first-run checklist and whether the calendar knows the holidays of the coming weeks. */
export interface SetupStatus {
  checklist: { item: ChecklistItem; isDone: boolean }[];
  holidays: { missingYears: number[]; firstUncoveredDate: string | null; horizonDays: number; timezone: string };
}

export interface Job {
  id: string;
  name: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  attempts: number;
  progress: { done: number; total: number } | null;
  lastError: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/**
 * One problem the server found in a calendar file or the targets, e.g. `{ path: 'week.mon[1]',
 * code: 'calendar.intervals_overlap', message }`: shown from our catalogues by its code.
 */
export interface Issue {
  path: string;
  message: string;
  code?: string;
  params?: Record<string, string | number>;
}

/** An ApiError that also carries the problem's `details.issues`. */
export class IssuesError extends ApiError {
  readonly issues: Issue[];
  constructor(problem: Problem, issues: Issue[]) {
    super(problem);
    this.issues = issues;
  }
}

/** The issues a failed call named; none for other errors. */
export function issuesOf(error: unknown): Issue[] {
  return error instanceof IssuesError ? error.issues : [];
}

function readIssues(body: unknown): Issue[] {
  const issues = (body as { details?: { issues?: unknown } } | undefined)?.details?.issues;
  if (!Array.isArray(issues)) return [];
  return issues.filter((issue): issue is Issue => typeof issue?.path === 'string' && typeof issue?.message === 'string');
}

// The session's CSRF token is stable for the session's life; it is fetched once and fetched again
// when the server says it is stale (after signing in as someone else in this tab).
let csrfToken: Promise<string> | null = null;

async function currentCsrfToken({ isFresh }: { isFresh: boolean }): Promise<string> {
  if (isFresh || csrfToken === null) {
    csrfToken = api.getSession().then((session) => session?.csrfToken ?? '');
    csrfToken.catch(() => {
      csrfToken = null;
    });
  }
  return csrfToken;
}

type Method = 'GET' | 'POST' | 'PUT';

async function send<T>(method: Method, path: string, body?: unknown, isRetry = false): Promise<{ data: T; headers: Headers }> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = await currentCsrfToken({ isFresh: isRetry });
  const res = await sendWithRetry(() =>
    fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' }),
  );
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (res.ok) return { data: parsed as T, headers: res.headers };
  const code = (parsed as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string') throw new ApiError({ status: res.status, code: UNEXPECTED_RESPONSE });
  if (code === 'auth.csrf_invalid' && !isRetry) return send(method, path, body, true);
  // The shared client tells the app the session is gone; asking it for the user makes it do so.
  if (code === 'auth.not_signed_in') void api.getMe().catch(() => undefined);
  const problem = { ...(parsed as Problem), status: res.status };
  throw new IssuesError(problem, readIssues(parsed));
}

/** The job a save started, from `Supportdesk-Job-Id`; null when nothing changed. */
function jobIdOf(headers: Headers): string | null {
  return headers.get('supportdesk-job-id');
}

export const adminApi = {
  async getCalendar(): Promise<CalendarFile> {
    return (await send<CalendarFile>('GET', '/api/v1/calendar')).data;
  },
  async putCalendar(calendar: CalendarFile): Promise<{ calendar: CalendarFile; jobId: string | null }> {
    const { data, headers } = await send<CalendarFile>('PUT', '/api/v1/calendar', calendar);
    return { calendar: data, jobId: jobIdOf(headers) };
  },
  /** Checks any JSON as a calendar file (the preview validates its `calendar`); resolves when it is valid. */
  async preview(body: { start: string; minutes: number; calendar?: unknown }): Promise<Preview> {
    return (await send<Preview>('POST', '/api/v1/calendar/preview', body)).data;
  },
  async getPresets(language: Language): Promise<Presets> {
    return (await send<Presets>('GET', `/api/v1/calendar/presets?language=${language}`)).data;
  },
  async applyPreset(body: { presetId: string; calendar: CalendarFile }): Promise<CalendarFile> {
    return (await send<CalendarFile>('POST', '/api/v1/calendar/apply-preset', body)).data;
  },
  async importIcs(body: { ics: string; calendar: CalendarFile }): Promise<CalendarFile> {
    return (await send<CalendarFile>('POST', '/api/v1/calendar/import-ics', body)).data;
  },
  async getReplyTargets(): Promise<ReplyTargets> {
    return (await send<ReplyTargets>('GET', '/api/v1/reply-targets')).data;
  },
  async putReplyTargets(targets: ReplyTargets): Promise<{ targets: ReplyTargets; jobId: string | null }> {
    const { data, headers } = await send<ReplyTargets>('PUT', '/api/v1/reply-targets', targets);
    return { targets: data, jobId: jobIdOf(headers) };
  },
  async getSetup(): Promise<SetupStatus> {
    return (await send<SetupStatus>('GET', '/api/v1/admin/setup')).data;
  },
  async getJob(id: string): Promise<Job> {
    return (await send<Job>('GET', `/api/v1/jobs/${encodeURIComponent(id)}`)).data;
  },
};

/** Where the saved calendar downloads from (a plain link: same origin, the session cookie goes along). */
export const CALENDAR_EXPORT_URL = '/api/v1/calendar/export';
