/** A typed fetch wrapper for the Supportdesk API: JSON in and out, problem+json errors as ApiError. */

export type Role = 'admin' | 'agent' | 'customer';
export type Language = 'en' | 'ru';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  language: Language;
  timeZone: string;
  emailVerified: boolean;
  disabled: boolean;
  createdAt: string;
  /** The support rules this person acknowledged (on the account, so every browser knows). */
  supportRules?: SupportRulesState;
}

export interface SupportRulesState {
  /** The version of the rules the server holds now. */
  version: string;
  acknowledgedVersion: string | null;
  acknowledgedAt: string | null;
  isAcknowledged: boolean;
}

/** How a session stands with the second factor: `complete`, or a step still owed. */
export type SignInState = 'complete' | 'second_factor' | 'two_factor_setup';

export interface Session {
  user: User;
  csrfToken: string;
  serverTime: string;
  signIn: SignInState;
}

/** A session together with the measured difference between the server clock and this browser's. */
export interface TimedSession extends Session {
  clockOffsetMs: number;
}

/** An RFC 9457 problem document as the server sends it. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  code: string;
  detail?: string;
  /** Values for our own translation of `code`. */
  params?: Record<string, string | number>;
  /** Each invalid field: its path, a stable code with parameters, and the server's English. */
  errors?: { path: string; message: string; code?: string; params?: Record<string, string | number> }[];
}

/** Codes the client makes up itself when there is no problem document to read. */
export const NETWORK_ERROR = 'client.network';
export const UNEXPECTED_RESPONSE = 'client.unexpected_response';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string | undefined;
  readonly params: Record<string, string | number> | undefined;
  readonly errors: NonNullable<Problem['errors']>;
  /** The problem's other fields (`details`), e.g. the issues of an invalid calendar. */
  readonly details: Record<string, unknown> | undefined;
  /** For a 429: how many seconds the server asked to wait (Retry-After). */
  readonly retryAfterSeconds: number | undefined;

  constructor(problem: Problem & { details?: Record<string, unknown>; retryAfterSeconds?: number }) {
    super(problem.detail ?? problem.title ?? problem.code);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code;
    this.detail = problem.detail;
    this.params = problem.params;
    this.errors = problem.errors ?? [];
    this.retryAfterSeconds = problem.retryAfterSeconds;
    this.details = problem.details;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

let csrfToken: string | null = null;
const signedOutListeners = new Set<() => void>();
const throttleListeners = new Set<(retryAt: number | null) => void>();
let throttledUntil: number | null = null;

/** Throttled calls wait and try again this many times before the error reaches the page. */
const THROTTLE_RETRIES = 5;
/** Waits asked for by Retry-After are kept within these bounds (a missing or absurd header). */
const THROTTLE_WAIT_MS = { fallback: 5_000, min: 1_000, max: 120_000 };

/** Remembers the session's CSRF token; every write made with the cookie must echo it. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the server says the session is gone (expired, or ended elsewhere). */
export function onSignedOut(listener: () => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

/**
 * Called with the instant (epoch ms) a throttled call will be tried again, and with null once calls
 * go through again; the layout shows it, so a 429 says when the page recovers instead of failing.
 */
export function onThrottled(listener: (retryAt: number | null) => void): () => void {
  throttleListeners.add(listener);
  return () => throttleListeners.delete(listener);
}

function setThrottledUntil(retryAt: number | null): void {
  if (retryAt === throttledUntil) return;
  throttledUntil = retryAt;
  throttleListeners.forEach((listener) => listener(retryAt));
}

/** Retry-After in milliseconds: delay-seconds or an HTTP date (RFC 9110), bounded. */
function retryAfterMs(res: Response): number {
  const header = res.headers.get('retry-after')?.trim() ?? '';
  let ms = /^\d+$/.test(header) ? Number(header) * 1000 : header ? Date.parse(header) - Date.now() : NaN;
  if (!Number.isFinite(ms)) ms = THROTTLE_WAIT_MS.fallback;
  return Math.min(THROTTLE_WAIT_MS.max, Math.max(THROTTLE_WAIT_MS.min, ms));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends a request; a 429 is waited out (Retry-After) and sent again, a few times. The throttle
 * refuses a request before it is handled, so sending a write again does not repeat it. A network
 * failure becomes an ApiError with NETWORK_ERROR. Every API call of the app goes through here.
 */
export async function sendWithRetry(send: () => Promise<Response>): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await send();
    } catch {
      throw new ApiError({ status: 0, code: NETWORK_ERROR });
    }
    if (res.status !== 429 || attempt >= THROTTLE_RETRIES) {
      // Through, or given up: the page now shows the answer (or the error, with its Retry-After).
      setThrottledUntil(null);
      return res;
    }
    const wait = retryAfterMs(res);
    await res.body?.cancel();
    setThrottledUntil(Math.max(throttledUntil ?? 0, Date.now() + wait));
    await sleep(wait);
  }
}

function toApiError(res: Response, parsed: unknown): ApiError {
  const problem: Problem = isProblem(parsed) ? { ...parsed, status: res.status } : { status: res.status, code: UNEXPECTED_RESPONSE };
  if (problem.code === 'auth.not_signed_in') signedOutListeners.forEach((listener) => listener());
  return new ApiError({ ...problem, ...(res.status === 429 && { retryAfterSeconds: Math.ceil(retryAfterMs(res) / 1000) }) });
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && typeof (value as Problem).code === 'string';
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

interface Timed<T> {
  data: T;
  sentAt: number;
  receivedAt: number;
}

async function request<T>(method: Method, path: string, body?: unknown): Promise<Timed<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let sentAt = Date.now();
  const res = await sendWithRetry(() => {
    sentAt = Date.now();
    return fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  });
  const receivedAt = Date.now();
  const parsed = await readBody(res);
  if (!res.ok) throw toApiError(res, parsed);
  return { data: parsed as T, sentAt, receivedAt };
}

function timed({ data, sentAt, receivedAt }: Timed<Session>): TimedSession {
  // The midpoint of the round trip is the best guess of when the server read its clock.
  return { ...data, clockOffsetMs: Date.parse(data.serverTime) - (sentAt + receivedAt) / 2 };
}

export const api = {
  /** The current session, or null when this browser is not signed in. */
  async getSession(): Promise<TimedSession | null> {
    try {
      return timed(await request<Session>('GET', '/api/v1/auth/session'));
    } catch (error) {
      if (isApiError(error) && error.status === 401) return null;
      throw error;
    }
  },
  async signIn(body: { email: string; password: string }): Promise<TimedSession> {
    return timed(await request<Session>('POST', '/api/v1/auth/sign-in', body));
  },
  async signUp(body: { email: string; password: string; name: string; language?: Language; timeZone?: string }): Promise<void> {
    await request('POST', '/api/v1/auth/sign-up', body);
  },
  async verifyEmail(body: { token: string; password: string }): Promise<TimedSession> {
    return timed(await request<Session>('POST', '/api/v1/auth/verify-email', body));
  },
  async resendVerification(email: string): Promise<void> {
    await request('POST', '/api/v1/auth/verify-email/resend', { email });
  },
  async verifySecondFactor(code: string): Promise<TimedSession> {
    return timed(await request<Session>('POST', '/api/v1/auth/two-factor/verify', { code }));
  },
  async requestPasswordReset(email: string): Promise<void> {
    await request('POST', '/api/v1/auth/password-reset', { email });
  },
  async confirmPasswordReset(body: { token: string; password: string; revokeTokens?: boolean }): Promise<void> {
    await request('POST', '/api/v1/auth/password-reset/confirm', body);
  },
  async signOut(): Promise<void> {
    await request('POST', '/api/v1/auth/sign-out');
  },
  async signOutEverywhere({ revokeTokens = false }: { revokeTokens?: boolean } = {}): Promise<void> {
    await request('POST', '/api/v1/auth/sign-out-everywhere', { revokeTokens });
  },
  async getMe(): Promise<User> {
    return (await request<User>('GET', '/api/v1/me')).data;
  },
  async updateMe(changes: { name?: string; language?: Language; timeZone?: string }): Promise<User> {
    return (await request<User>('PATCH', '/api/v1/me', changes)).data;
  },
  /** Records on the account that the support rules of `version` were read. */
  async acknowledgeSupportRules(version: string): Promise<User> {
    return (await request<User>('PUT', '/api/v1/me/support-rules', { version })).data;
  },
  /** The public suggestion and partnership form: mails a link that confirms the address. */
  async sendSuggestion(body: {
    kind: 'suggestion' | 'partnership';
    name: string;
    email: string;
    subject: string;
    body: string;
    language: Language;
    timeZone?: string;
    website?: string;
  }): Promise<void> {
    await request('POST', '/api/v1/suggestions', body);
  },
  async confirmSuggestion(token: string): Promise<{ ticketNumber: number; kind: 'suggestion' | 'partnership'; isNewAccount: boolean }> {
    return (
      await request<{ ticketNumber: number; kind: 'suggestion' | 'partnership'; isNewAccount: boolean }>('POST', '/api/v1/suggestions/confirm', { token })
    ).data;
  },
};

/** Any JSON API call, for features' own typed wrappers: same CSRF, problem+json errors and sign-out handling as `api`. */
export async function callApi<T>(method: Method, path: string, body?: unknown): Promise<T> {
  return (await request<T>(method, path, body)).data;
}

/** Uploads one file as multipart/form-data (field "file"); errors arrive as ApiError like every other call. */
export async function uploadFile<T>(path: string, file: File): Promise<T> {
  const form = new FormData();
  form.append('file', file, file.name);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await sendWithRetry(() => fetch(path, { method: 'POST', headers, body: form, credentials: 'same-origin' }));
  const parsed = await readBody(res);
  if (!res.ok) throw toApiError(res, parsed);
  return parsed as T;
}

/**
 * A small JSON POST that outlives the page (`keepalive`): for reports sent while leaving it. Its
 * answer is not read; a failure is dropped (there is no page left to show it on).
 */
export function sendOnLeave(path: string, body: unknown): void {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  void fetch(path, { method: 'POST', headers, body: JSON.stringify(body), credentials: 'same-origin', keepalive: true }).catch(() => undefined);
}
