import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

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
  /** The version of the support rules the customer acknowledged, and when (null: not yet). */
  rules_version: string | null;
  rules_acknowledged_at: number | null;
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
  /** When this session proved the second factor; null when it has not. */
  second_factor_at: number | null;
}

/** A person's TOTP authenticator; unconfirmed while being set up. */
export interface TwoFactorTable {
  user_id: string;
  totp_secret: string;
  confirmed_at: number | null;
  /** The last TOTP time step accepted: a code never works twice. */
  last_step: number | null;
  created_at: number;
  updated_at: number;
}

export interface RecoveryCodesTable {
  id: string;
  user_id: string;
  code_hash: string;
  used_at: number | null;
  created_at: number;
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
  /** After this instant the token no longer authenticates; null: never expires. */
  expires_at: number | null;
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
  ticket_id: string | null;
  /** The References header: Message-IDs separated by spaces. */
  references_header: string | null;
  /** Extra headers as a JSON object. */
  headers: string | null;
  next_attempt_at: number | null;
  locked_by: string | null;
  locked_until: number | null;
}

export interface MailInboundTable {
  message_id: string;
  mailbox: string;
  from_address: string;
  subject: string;
  outcome: string;
  ticket_id: string | null;
  received_at: number;
  processed_at: number;
}

export interface MailMailboxesTable {
  name: string;
  uid_validity: string;
  last_uid: number;
  last_polled_at: number | null;
  last_error: string | null;
  updated_at: number;
}

export interface NotificationPreferencesTable {
  user_id: string;
  value: string;
  updated_at: number;
}

export interface MailNoticesTable {
  subject_id: string;
  notice: string;
  version: number;
  created_at: number;
}

export interface LicensesTable {
  id: string;
  key: string;
  customer_id: string;
  product: string;
  edition: string | null;
  type: 'commercial' | 'free' | 'trial';
  purchased_on: string;
  /** JSON array of domains. */
  domains: string;
  status: 'active' | 'refunded' | 'revoked';
  source: 'api' | 'csv' | 'admin' | 'demo';
  created_at: number;
  updated_at: number;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: number;
  updated_by: string | null;
}

export interface CountersTable {
  name: string;
  value: number;
}

export type TicketKind = 'question' | 'problem' | 'emergency' | 'suggestion' | 'partnership';
export type TicketStatus = 'open' | 'pending' | 'resolved' | 'closed';
export type TicketPriority = 'low' | 'normal' | 'high' | 'urgent';

export interface TicketsTable {
  id: string;
  number: number;
  kind: TicketKind;
  subject: string;
  customer_id: string;
  license_id: string | null;
  site: string | null;
  status: TicketStatus;
  priority: TicketPriority;
  assignee_id: string | null;
  created_by: string;
  resolution: string | null;
  decline_reason: string | null;
  follow_up_of: string | null;
  merged_into: string | null;
  reply_due_at: number | null;
  waiting_since: number | null;
  is_guaranteed: number;
  last_customer_message_at: number | null;
  last_agent_reply_at: number | null;
  rating: number | null;
  rating_comment: string | null;
  created_at: number;
  updated_at: number;
  resolved_at: number | null;
  closed_at: number | null;
}

export interface TicketTagsTable {
  ticket_id: string;
  tag: string;
}

/** How a waiting customer message ended: answered in time, late, without a target, withdrawn by the customer, or closed by support without a reply. */
export type MessageOutcome = 'met' | 'breached' | 'best_effort' | 'no_target' | 'withdrawn' | 'unanswered';

export interface TicketMessagesTable {
  id: string;
  ticket_id: string;
  author_id: string | null;
  author_role: 'customer' | 'agent' | 'system';
  visibility: 'public' | 'internal';
  body: string;
  body_html: string;
  source: 'web' | 'api' | 'mail';
  external_id: string | null;
  arrived_at: number;
  is_waiting: number;
  is_guaranteed: number;
  reply_due_at: number | null;
  answered_at: number | null;
  answered_by: string | null;
  outcome: MessageOutcome | null;
  created_at: number;
}

export interface TicketEventsTable {
  id: string;
  ticket_id: string;
  actor_id: string | null;
  type: string;
  data: string;
  created_at: number;
}

export interface AttachmentsTable {
  id: string;
  uploader_id: string;
  ticket_id: string | null;
  message_id: string | null;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  created_at: number;
}

/** PostgreSQL only (migration 0049): one row per stored attachment content. */
export interface AttachmentBlobsTable {
  sha256: string;
  size: number;
  stored_at: number;
}

/** PostgreSQL only: the bytes, in order; `blob` is the SHA-256 or `tmp:<startedAt>:<uuid>` while receiving. */
export interface AttachmentBlobChunksTable {
  blob: string;
  seq: number;
  data: Buffer;
}

/** PostgreSQL only (migration 0050, an UNLOGGED table): the vault's erasure keys, never in WAL. */
export interface VaultErasureKeysTable {
  key_id: string;
  request_id: string;
  key: Buffer;
  created_at: number;
}

export interface CannedResponsesTable {
  id: string;
  owner_id: string | null;
  title: string;
  body_en: string;
  body_ru: string;
  created_at: number;
  updated_at: number;
}

export interface AgentStatesTable {
  user_id: string;
  is_available: number;
  last_assigned_at: number | null;
}

export type VaultAccessKind = 'ftp' | 'sftp' | 'ssh' | 'hosting_panel' | 'cms_admin' | 'database';
export type VaultRequestStatus = 'requested' | 'submitted' | 'revealed' | 'destroyed' | 'withdrawn' | 'cancelled';

/** An agent's request for temporary access (R7); never holds a secret. */
export interface VaultRequestsTable {
  id: string;
  ticket_id: string;
  customer_id: string;
  requested_by: string;
  kind: VaultAccessKind;
  reason: string;
  status: VaultRequestStatus;
  created_at: number;
  updated_at: number;
  submitted_at: number | null;
  expires_at: number | null;
  last_revealed_at: number | null;
  ended_at: number | null;
  end_reason: string | null;
  reminders_sent: number;
  next_reminder_at: number | null;
  changed_confirmed_at: number | null;
}

/** Sealed credentials: ciphertext under a per-secret data key, wrapped by master key `key_id`. */
export interface VaultSecretsTable {
  request_id: string;
  key_id: string;
  wrapped_key: string;
  ciphertext: string;
  created_at: number;
  /** The erasure key (a file outside the database) the ciphertext also needs; null for older secrets. */
  erasure_key_id: string | null;
}

export interface VaultRevealsTable {
  id: string;
  request_id: string;
  actor_id: string;
  reason: string;
  outcome: 'revealed' | 'refused';
  refusal: string | null;
  at: number;
}

export interface RateLimitCountersTable {
  key: string;
  window_start: number;
  count: number;
}

export interface WebhookSubscriptionsTable {
  id: string;
  url: string;
  description: string;
  events: string;
  secret: string;
  status: 'active' | 'paused';
  paused_reason: 'admin' | 'failing' | null;
  failing_since: number | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface WebhookEventsTable {
  id: string;
  type: string;
  lane: string;
  ticket_id: string | null;
  data: string;
  body: string | null;
  occurred_at: number;
}

export interface WebhookDeliveriesTable {
  subscription_id: string;
  event_id: string;
  lane: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: number;
  locked_by: string | null;
  locked_until: number | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: number;
  finished_at: number | null;
}

export interface WebhookAttemptsTable {
  id: string;
  subscription_id: string;
  event_id: string;
  attempt: number;
  started_at: number;
  duration_ms: number;
  request_headers: string;
  status_code: number | null;
  error: string | null;
  response_body: string | null;
}

export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  request_hash: string;
  status: 'pending' | 'done';
  response_status: number | null;
  response_headers: string | null;
  response_body: string | null;
  created_at: number;
}

/** A suggestion or partnership request from the public form, waiting for its address to be confirmed. */
export interface SuggestionRequestsTable {
  id: string;
  email: string;
  name: string;
  kind: 'suggestion' | 'partnership';
  subject: string;
  body: string;
  language: 'en' | 'ru';
  time_zone: string | null;
  ip: string | null;
  token_hash: string;
  created_at: number;
  expires_at: number;
  confirmed_at: number | null;
  ticket_id: string | null;
}

export type HelpArticleStatus = 'draft' | 'published' | 'archived';
export type HelpVisibility = 'public' | 'customers';

export interface HelpCategoriesTable {
  id: string;
  slug: string;
  position: number;
  title_en: string;
  title_ru: string;
  created_at: number;
  updated_at: number;
}

export interface HelpSectionsTable {
  id: string;
  category_id: string;
  slug: string;
  position: number;
  title_en: string;
  title_ru: string;
  created_at: number;
  updated_at: number;
}

export interface HelpArticlesTable {
  id: string;
  number: number;
  section_id: string;
  slug: string;
  status: HelpArticleStatus;
  visibility: HelpVisibility;
  position: number;
  title_en: string | null;
  body_en: string | null;
  title_ru: string | null;
  body_ru: string | null;
  views: Generated<number>;
  created_at: number;
  updated_at: number;
  published_at: number | null;
  updated_by: string | null;
}

export interface HelpRevisionsTable {
  id: string;
  article_id: string;
  author_id: string | null;
  created_at: number;
  /** JSON of the article's editable fields after the change. */
  snapshot: string;
}

export interface HelpFeedbackTable {
  id: string;
  article_id: string;
  is_helpful: number;
  comment: string | null;
  language: 'en' | 'ru';
  user_id: string | null;
  created_at: number;
}

export interface HelpArticleImagesTable {
  article_id: string;
  attachment_id: string;
}

export interface HelpDeflectionsTable {
  visit_id: string;
  kind: 'opened' | 'abandoned';
  article_id: string;
  user_id: string;
  created_at: number;
}

/** One admin or security action (issue 16); rows are only inserted. */
export interface AuditLogTable {
  id: string;
  at: number;
  actor_id: string | null;
  actor_email: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  target_label: string | null;
  ip: string | null;
  /** JSON text of the state before and after, or null. */
  before: string | null;
  after: string | null;
}

export interface SavedViewsTable {
  id: string;
  /** The agent the view belongs to; null: shared with every agent (made by an admin). */
  owner_id: string | null;
  name: string;
  /** JSON: { queue, ...filters } as GET /api/v1/tickets takes them. */
  filters: string;
  sort: 'updated_desc' | 'updated_asc' | 'created_desc' | 'created_asc';
  created_by: string;
  created_at: number;
  updated_at: number;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  two_factor: TwoFactorTable;
  recovery_codes: RecoveryCodesTable;
  api_tokens: ApiTokensTable;
  one_time_tokens: OneTimeTokensTable;
  sign_in_failures: SignInFailuresTable;
  jobs: JobsTable;
  mail_outbox: MailOutboxTable;
  mail_inbound: MailInboundTable;
  mail_mailboxes: MailMailboxesTable;
  notification_preferences: NotificationPreferencesTable;
  mail_notices: MailNoticesTable;
  licenses: LicensesTable;
  settings: SettingsTable;
  counters: CountersTable;
  tickets: TicketsTable;
  ticket_tags: TicketTagsTable;
  ticket_messages: TicketMessagesTable;
  ticket_events: TicketEventsTable;
  attachments: AttachmentsTable;
  attachment_blobs: AttachmentBlobsTable;
  attachment_blob_chunks: AttachmentBlobChunksTable;
  vault_erasure_keys: VaultErasureKeysTable;
  canned_responses: CannedResponsesTable;
  agent_states: AgentStatesTable;
  vault_requests: VaultRequestsTable;
  vault_secrets: VaultSecretsTable;
  vault_reveals: VaultRevealsTable;
  rate_limit_counters: RateLimitCountersTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_events: WebhookEventsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  idempotency_keys: IdempotencyKeysTable;
  suggestion_requests: SuggestionRequestsTable;
  saved_views: SavedViewsTable;
  help_categories: HelpCategoriesTable;
  help_sections: HelpSectionsTable;
  help_articles: HelpArticlesTable;
  help_revisions: HelpRevisionsTable;
  help_feedback: HelpFeedbackTable;
  help_deflections: HelpDeflectionsTable;
  help_article_images: HelpArticleImagesTable;
  audit_log: AuditLogTable;
}

export type SavedView = Selectable<SavedViewsTable>;
export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Session = Selectable<SessionsTable>;
export type ApiToken = Selectable<ApiTokensTable>;
export type Job = Selectable<JobsTable>;
export type OutboxMail = Selectable<MailOutboxTable>;
export type NewOutboxMail = Insertable<MailOutboxTable>;
export type License = Selectable<LicensesTable>;
export type NewLicense = Insertable<LicensesTable>;
export type Ticket = Selectable<TicketsTable>;
export type NewTicket = Insertable<TicketsTable>;
export type TicketMessage = Selectable<TicketMessagesTable>;
export type NewTicketMessage = Insertable<TicketMessagesTable>;
export type TicketEvent = Selectable<TicketEventsTable>;
export type Attachment = Selectable<AttachmentsTable>;
export type CannedResponse = Selectable<CannedResponsesTable>;
export type VaultRequest = Selectable<VaultRequestsTable>;
export type VaultSecret = Selectable<VaultSecretsTable>;
export type VaultReveal = Selectable<VaultRevealsTable>;
export type WebhookSubscription = Selectable<WebhookSubscriptionsTable>;
export type WebhookEvent = Selectable<WebhookEventsTable>;
export type WebhookDelivery = Selectable<WebhookDeliveriesTable>;
export type WebhookAttempt = Selectable<WebhookAttemptsTable>;
export type SuggestionRequest = Selectable<SuggestionRequestsTable>;
export type HelpCategory = Selectable<HelpCategoriesTable>;
export type HelpSection = Selectable<HelpSectionsTable>;
export type HelpArticle = Selectable<HelpArticlesTable>;
export type HelpRevision = Selectable<HelpRevisionsTable>;
export type AuditEntry = Selectable<AuditLogTable>;
