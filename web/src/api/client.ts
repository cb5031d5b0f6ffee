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
  errors?: { path: string; message: string }[];
}

/** Codes the client makes up itself when there is no problem document to read. */
export const NETWORK_ERROR = 'client.network';
export const UNEXPECTED_RESPONSE = 'client.unexpected_response';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string | undefined;
  readonly errors: { path: string; message: string }[];

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title ?? problem.code);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code;
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

let csrfToken: string | null = null;
const signedOutListeners = new Set<() => void>();

/** Remembers the session's CSRF token; every write made with the cookie must echo it. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the server says the session is gone (expired, or ended elsewhere). */
export function onSignedOut(listener: () => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
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
  const sentAt = Date.now();
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  } catch {
    throw new ApiError({ status: 0, code: NETWORK_ERROR });
  }
  const receivedAt = Date.now();
  const parsed = await readBody(res);
  if (!res.ok) {
    const problem: Problem = isProblem(parsed) ? { ...parsed, status: res.status } : { status: res.status, code: UNEXPECTED_RESPONSE };
    if (problem.code === 'auth.not_signed_in') signedOutListeners.forEach((listener) => listener());
    throw new ApiError(problem);
  }
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
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', headers, body: form, credentials: 'same-origin' });
  } catch {
    throw new ApiError({ status: 0, code: NETWORK_ERROR });
  }
  const parsed = await readBody(res);
  if (!res.ok) {
    const problem: Problem = isProblem(parsed) ? { ...parsed, status: res.status } : { status: res.status, code: UNEXPECTED_RESPONSE };
    if (problem.code === 'auth.not_signed_in') signedOutListeners.forEach((listener) => listener());
    throw new ApiError(problem);
  }
  return parsed as T;
}
