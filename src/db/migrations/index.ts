import type { Migration } from 'kysely';
import * as m0001 from './0001_platform.js';
import * as m0002 from './0002_licenses.js';
import * as m0003 from './0003_tickets.js';
import * as m0004 from './0004_vault.js';
import * as m0005 from './0005_mail.js';
import * as m0006 from './0006_attachment_hash_index.js';
import * as m0007 from './0007_due_order_index.js';
import * as m0008 from './0008_search_all_text_index.js';
import * as m0009 from './0009_rate_limit_counters.js';
import * as m0015 from './0015_vault_erasure_keys.js';
import * as m0016 from './0016_two_factor.js';
import * as m0018 from './0018_rules_acknowledgement.js';
import * as m0019 from './0019_suggestion_requests.js';
import * as m0027 from './0027_webhooks.js';
import * as m0028 from './0028_idempotency_keys.js';
import * as m0033 from './0033_ticket_number_sequence.js';
import * as m0036 from './0036_search_lookups.js';
import * as m0037 from './0037_saved_views.js';
import * as m0038 from './0038_audit_log.js';
import * as m0039 from './0039_api_token_expiry.js';
import * as m0045 from './0045_help_center.js';
import * as m0049 from './0049_attachment_blobs.js';
import * as m0050 from './0050_vault_erasure_keys_table.js';

/** Every migration, in order. Names are frozen: they are recorded in the database. */
export const MIGRATIONS: Record<string, Migration> = {
  '0001_platform': m0001,
  '0002_licenses': m0002,
  '0003_tickets': m0003,
  '0004_vault': m0004,
  '0005_mail': m0005,
  '0006_attachment_hash_index': m0006,
  '0007_due_order_index': m0007,
  '0008_search_all_text_index': m0008,
  '0009_rate_limit_counters': m0009,
  '0015_vault_erasure_keys': m0015,
  '0016_two_factor': m0016,
  '0018_rules_acknowledgement': m0018,
  '0019_suggestion_requests': m0019,
  '0027_webhooks': m0027,
  '0028_idempotency_keys': m0028,
  '0033_ticket_number_sequence': m0033,
  '0036_search_lookups': m0036,
  '0037_saved_views': m0037,
  '0038_audit_log': m0038,
  '0039_api_token_expiry': m0039,
  '0045_help_center': m0045,
  '0049_attachment_blobs': m0049,
  '0050_vault_erasure_keys_table': m0050,
};
