import type { ExpressionBuilder, SelectQueryBuilder } from 'kysely';
import type { Db, DialectName } from '../../db/database.js';
import type { Database, TicketKind, TicketStatus } from '../../db/types.js';
import { decodeKeyset, encodeKeyset } from '../../http/cursor.js';
import { SUPPORT_KINDS } from './tickets.models.js';
import {
  extractSearchTerms,
  findFewMatches,
  findIdentifierMatches,
  hasIdentifierMatches,
  matchReasons,
  matchTicketText,
  type IdentifierMatches,
} from './tickets.search.js';

export const QUEUES = ['due', 'overdue', 'unassigned', 'mine', 'pending', 'best_effort', 'suggestions', 'partnership', 'all'] as const;
export type QueueName = (typeof QUEUES)[number];

type SortColumn = 'reply_due_at' | 'waiting_since' | 'updated_at' | 'created_at';
type TicketsQuery = SelectQueryBuilder<Database, 'tickets', object>;
type Where = (eb: ExpressionBuilder<Database, 'tickets'>) => ReturnType<ExpressionBuilder<Database, 'tickets'>['and']>;

interface QueueDefinition {
  where: (ctx: { now: number; viewerId: string }) => Where;
  sort: { column: SortColumn; direction: 'asc' | 'desc' };
}

const ACTIVE: TicketStatus[] = ['open', 'pending'];

/**
 * The agent queues: which tickets each holds and in what order. A ticket set pending by hand while
 * a message still waits keeps its due (a status change is no answer, R4), so the clock-driven
 * queues take every active ticket, not only open ones.
 */
export const QUEUE_DEFINITIONS: Record<QueueName, QueueDefinition> = {
  // A due time exists only while a message waits, and only open or pending tickets have waiting
  // messages (resolving, closing and merging end the wait), so these two queues filter on the due
  // alone: that lets the database walk the reply-due index in order instead of sorting every
  // waiting ticket for each page.
  due: {
    where: () => (eb) => eb.and([eb('tickets.reply_due_at', 'is not', null)]),
    sort: { column: 'reply_due_at', direction: 'asc' },
  },
  overdue: {
    where:
      ({ now }) =>
      (eb) =>
        eb.and([eb('tickets.reply_due_at', 'is not', null), eb('tickets.reply_due_at', '<', now)]),
    sort: { column: 'reply_due_at', direction: 'asc' },
  },
  unassigned: {
    where: () => (eb) => eb.and([eb('tickets.status', 'in', ACTIVE), eb('tickets.assignee_id', 'is', null)]),
    sort: { column: 'updated_at', direction: 'desc' },
  },
  mine: {
    where:
      ({ viewerId }) =>
      (eb) =>
        eb.and([eb('tickets.status', 'in', ACTIVE), eb('tickets.assignee_id', '=', viewerId)]),
    sort: { column: 'updated_at', direction: 'desc' },
  },
  pending: { where: () => (eb) => eb.and([eb('tickets.status', '=', 'pending')]), sort: { column: 'updated_at', direction: 'desc' } },
  best_effort: {
    where: () => (eb) =>
      eb.and([
        eb('tickets.status', 'in', ACTIVE),
        eb('tickets.reply_due_at', 'is', null),
        eb('tickets.waiting_since', 'is not', null),
        eb('tickets.kind', 'in', SUPPORT_KINDS),
      ]),
    sort: { column: 'waiting_since', direction: 'asc' },
  },
  suggestions: {
    where: () => (eb) => eb.and([eb('tickets.kind', '=', 'suggestion'), eb('tickets.status', '!=', 'closed')]),
    sort: { column: 'created_at', direction: 'desc' },
  },
  partnership: {
    where: () => (eb) => eb.and([eb('tickets.kind', '=', 'partnership'), eb('tickets.status', '!=', 'closed')]),
    sort: { column: 'created_at', direction: 'desc' },
  },
  all: { where: () => (eb) => eb.and([]), sort: { column: 'updated_at', direction: 'desc' } },
};

export interface TicketFilters {
  kind?: TicketKind;
  status?: TicketStatus;
  /** Any of these statuses (a customer's "active" scope). */
  statuses?: TicketStatus[];
  /** An agent's id, or 'none' for unassigned. */
  assigneeId?: string;
  tag?: string;
  customerId?: string;
  licenseKey?: string;
  q?: string;
  /** Created at or after / before these instants (epoch ms). */
  createdFrom?: number;
  createdTo?: number;
  updatedFrom?: number;
  updatedTo?: number;
}

export const TICKET_SORTS = ['updated_desc', 'updated_asc', 'created_desc', 'created_asc'] as const;
export type TicketSort = (typeof TICKET_SORTS)[number];

function sortOf(sort: TicketSort): QueueDefinition['sort'] {
  const [column, direction] = sort.split('_') as ['updated' | 'created', 'asc' | 'desc'];
  return { column: column === 'updated' ? 'updated_at' : 'created_at', direction };
}

function applyFilters(
  query: TicketsQuery,
  {
    filters,
    dialect,
    includeInternal,
    matchingIds,
    identifiers,
  }: { filters: TicketFilters; dialect: DialectName; includeInternal: boolean; matchingIds?: string[]; identifiers?: IdentifierMatches },
): TicketsQuery {
  let q = query;
  if (filters.kind) q = q.where('tickets.kind', '=', filters.kind);
  if (filters.status) q = q.where('tickets.status', '=', filters.status);
  if (filters.statuses) q = q.where('tickets.status', 'in', filters.statuses);
  if (filters.assigneeId)
    q = filters.assigneeId === 'none' ? q.where('tickets.assignee_id', 'is', null) : q.where('tickets.assignee_id', '=', filters.assigneeId);
  if (filters.customerId) q = q.where('tickets.customer_id', '=', filters.customerId);
  if (filters.tag) {
    const tag = filters.tag.trim().toLowerCase();
    q = q.where('tickets.id', 'in', (eb) => eb.selectFrom('ticket_tags').select('ticket_id').where('tag', '=', tag));
  }
  if (filters.licenseKey) q = q.where('tickets.license_id', 'in', (eb) => eb.selectFrom('licenses').select('id').where('key', '=', filters.licenseKey!));
  if (filters.createdFrom !== undefined) q = q.where('tickets.created_at', '>=', filters.createdFrom);
  if (filters.createdTo !== undefined) q = q.where('tickets.created_at', '<', filters.createdTo);
  if (filters.updatedFrom !== undefined) q = q.where('tickets.updated_at', '>=', filters.updatedFrom);
  if (filters.updatedTo !== undefined) q = q.where('tickets.updated_at', '<', filters.updatedTo);
  if (filters.q) {
    const terms = extractSearchTerms(filters.q);
    const named = identifiers && hasIdentifierMatches(identifiers) ? identifiers : undefined;
    if (terms.length > 0 || named)
      q = q.where((eb) => {
        // A number, customer, license or domain the query names, or its words in the text.
        const any = [];
        if (terms.length > 0) any.push(matchTicketText({ dialect, terms, includeInternal, matchingIds }));
        if (named?.number !== undefined) any.push(eb('tickets.number', '=', named.number));
        if (named && named.customers.size > 0) any.push(eb('tickets.customer_id', 'in', [...named.customers.keys()]));
        if (named && named.licenseIds.length > 0) any.push(eb('tickets.license_id', 'in', named.licenseIds));
        if (named && named.sites.length > 0) any.push(eb('tickets.site', 'in', named.sites));
        return eb.or(any);
      });
  }
  return q;
}

/** The tickets of a queue that pass the filters (a customer's: only their own), unordered. */
async function selectMatching({
  db,
  dialect,
  queue,
  filters,
  viewer,
  now,
  fewMatches,
}: {
  db: Db;
  dialect: DialectName;
  queue: QueueName;
  filters: TicketFilters;
  viewer: { id: string; isStaff: boolean };
  now: number;
  fewMatches?: number;
}) {
  let query = db.selectFrom('tickets').where(QUEUE_DEFINITIONS[queue].where({ now, viewerId: viewer.id }));
  // A customer's list is always their own tickets, whatever the filters say.
  if (!viewer.isStaff) query = query.where('tickets.customer_id', '=', viewer.id);
  const terms = filters.q ? extractSearchTerms(filters.q) : [];
  const matchingIds =
    dialect === 'postgres' && terms.length > 0 ? await findFewMatches({ db, terms, includeInternal: viewer.isStaff, few: fewMatches }) : undefined;
  const identifiers = filters.q ? await findIdentifierMatches({ db, dialect, query: filters.q, isStaff: viewer.isStaff }) : undefined;
  query = applyFilters(query, { filters, dialect, includeInternal: viewer.isStaff, matchingIds, identifiers });
  return { query, terms, identifiers };
}

/** How many tickets a queue with filters holds (a saved view's count). */
export async function countTickets(args: {
  db: Db;
  dialect: DialectName;
  queue: QueueName;
  filters: TicketFilters;
  viewer: { id: string; isStaff: boolean };
  now: number;
}) {
  const { query } = await selectMatching(args);
  const row = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One page of a queue (or of a customer's own tickets), keyset-paged on the queue's sort order. */
export async function listTickets({
  db,
  dialect,
  queue,
  filters,
  viewer,
  now,
  limit,
  cursor,
  fewMatches,
  sort,
}: {
  db: Db;
  dialect: DialectName;
  queue: QueueName;
  filters: TicketFilters;
  viewer: { id: string; isStaff: boolean };
  now: number;
  limit: number;
  cursor?: string;
  /** PostgreSQL search: up to how many matches are looked up first (tests set it to reach both plans). */
  fewMatches?: number;
  /** Overrides the queue's own order (saved views choose one). */
  sort?: TicketSort;
}) {
  const definition = QUEUE_DEFINITIONS[queue];
  const { column, direction } = sort ? sortOf(sort) : definition.sort;
  const { query, terms, identifiers } = await selectMatching({ db, dialect, queue, filters, viewer, now, fewMatches });
  let q = query;
  if (cursor) {
    const after = decodeKeyset(cursor, { dialect });
    const op = direction === 'asc' ? '>' : '<';
    q = q.where((eb) => eb.or([eb(`tickets.${column}`, op, after.value), eb.and([eb(`tickets.${column}`, '=', after.value), eb('tickets.id', op, after.id)])]));
  }
  const rows = await q
    .innerJoin('users as customer', 'customer.id', 'tickets.customer_id')
    .leftJoin('licenses', 'licenses.id', 'tickets.license_id')
    .selectAll('tickets')
    .select(['customer.name as customer_name', 'customer.email as customer_email', 'licenses.key as license_key'])
    .orderBy(`tickets.${column}`, direction)
    .orderBy('tickets.id', direction)
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    rows: page,
    nextCursor: rows.length > limit && last ? encodeKeyset({ value: Number(last[column]), id: last.id }) : null,
    /** Why each row matched the query (only with `q`). */
    reasons: identifiers ? new Map(page.map((row) => [row.id, matchReasons({ ticket: row, matches: identifiers, terms })])) : undefined,
  };
}

/** How many tickets each agent queue holds. */
export async function countQueues({ db, viewerId, now }: { db: Db; viewerId: string; now: number }): Promise<Record<Exclude<QueueName, 'all'>, number>> {
  const counts = {} as Record<Exclude<QueueName, 'all'>, number>;
  for (const name of QUEUES) {
    if (name === 'all') continue;
    const row = await db
      .selectFrom('tickets')
      .where(QUEUE_DEFINITIONS[name].where({ now, viewerId }))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    counts[name] = Number(row.n);
  }
  return counts;
}
