import type { Migration } from 'kysely';
import * as m0001 from './0001_platform.js';
import * as m0002 from './0002_licenses.js';
import * as m0003 from './0003_tickets.js';

/** Every migration, in order. Names are frozen: they are recorded in the database. */
export const MIGRATIONS: Record<string, Migration> = {
  '0001_platform': m0001,
  '0002_licenses': m0002,
  '0003_tickets': m0003,
};
