import type { Migration } from 'kysely';
import * as m0001 from './0001_platform.js';
import * as m0002 from './0002_licenses.js';
import * as m0003 from './0003_tickets.js';
import * as m0004 from './0004_vault.js';
import * as m0005 from './0005_mail.js';
import * as m0006 from './0006_attachment_hash_index.js';
import * as m0007 from './0007_due_order_index.js';
import * as m0008 from './0008_search_all_text_index.js';
import * as m0015 from './0015_vault_erasure_keys.js';
import * as m0016 from './0016_two_factor.js';

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
  '0015_vault_erasure_keys': m0015,
  '0016_two_factor': m0016,
};
