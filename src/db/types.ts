import type { Insertable, Selectable, Updateable } from 'kysely';

// Instants are stored as epoch milliseconds (bigint in PostgreSQL, integer in SQLite) so both
// databases compare, index and return them the same way; local dates are 'YYYY-MM-DD' text.

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'agent' | 'customer';
  password_hash: string | null;
  email_verified_at: number | null;
  language: 'en' | 'ru';
  time_zone: string;
  disabled_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
  last_seen_at: number;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  scopes: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface OneTimeTokensTable {
  id: string;
  user_id: string;
  purpose: 'verify_email' | 'reset_password';
  token_hash: string;
  expires_at: number;
  used_at: number | null;
  created_at: number;
}

export interface SignInFailuresTable {
  id: string;
  key: string;
  at: number;
}

export interface JobsTable {
  id: string;
  name: string;
  payload: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  unique_key: string | null;
  run_at: number;
  attempts: number;
  max_attempts: number;
  locked_by: string | null;
  locked_until: number | null;
  last_error: string | null;
  progress: string | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

export interface MailOutboxTable {
  id: string;
  to_address: string;
  to_name: string | null;
  template: string;
  language: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  message_id: string;
  in_reply_to: string | null;
  status: 'queued' | 'sending' | 'sent' | 'failed';
  attempts: number;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  one_time_tokens: OneTimeTokensTable;
  sign_in_failures: SignInFailuresTable;
  jobs: JobsTable;
  mail_outbox: MailOutboxTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Session = Selectable<SessionsTable>;
export type ApiToken = Selectable<ApiTokensTable>;
export type Job = Selectable<JobsTable>;
export type OutboxMail = Selectable<MailOutboxTable>;
export type NewOutboxMail = Insertable<MailOutboxTable>;
