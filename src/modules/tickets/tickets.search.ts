import { sql, type RawBuilder } from 'kysely';
import type { DbOrTrx, DialectName } from '../../db/database.js';
import { AT_BATCH_COMMIT } from '../../db/sqlite-driver.js';

// SQLite's unicode61 tokenizer folds case and diacritics but not ё/е, and Russian writers mix
// them freely: fold ё to е on both sides.
function foldText(text: string): string {
  return text.replace(/ё/g, 'е').replace(/Ё/g, 'Е');
}

/** The words of a search query: letters and digits only (so nothing needs escaping), at most eight. */
export function extractSearchTerms(query: string): string[] {
  return (
    foldText(query)
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu)
      ?.slice(0, 8) ?? []
  );
}

// A PostgreSQL tsvector holds at most 1 MB, and the index joins the public and internal documents:
// a ticket grown past that refused every further message. The start of a long ticket is indexed.
const MAX_INDEXED_CHARS = 100_000;

/** Rebuilds a ticket's search document from its subject and messages (public apart from internal). */
export async function indexTicket({
  db,
  dialect,
  ticketId,
  known,
}: {
  db: DbOrTrx;
  dialect: DialectName;
  ticketId: string;
  /** A new ticket's whole text: saves two reads, and there is no old document to remove. */
  known?: { number: number; subject: string; messages: { body: string; visibility: 'public' | 'internal' }[] };
}): Promise<void> {
  const ticket = known ?? (await db.selectFrom('tickets').select(['number', 'subject']).where('id', '=', ticketId).executeTakeFirstOrThrow());
  const messages =
    known?.messages ??
    (await db.selectFrom('ticket_messages').select(['body', 'visibility']).where('ticket_id', '=', ticketId).orderBy('arrived_at').execute());
  const publicText = foldText([ticket.subject, ...messages.filter((m) => m.visibility === 'public').map((m) => m.body)].join('\n')).slice(0, MAX_INDEXED_CHARS);
  const internalText = foldText(
    messages
      .filter((m) => m.visibility === 'internal')
      .map((m) => m.body)
      .join('\n'),
  ).slice(0, MAX_INDEXED_CHARS);
  if (dialect === 'postgres') {
    await sql`insert into ticket_search (ticket_id, public_doc, internal_doc)
      values (${ticketId}, to_tsvector('russian', ${publicText}), to_tsvector('russian', ${internalText}))
      on conflict (ticket_id) do update set public_doc = excluded.public_doc, internal_doc = excluded.internal_doc`.execute(db);
    return;
  }
  if (known) {
    // A new ticket's document waits for the commit of its batch (see AT_BATCH_COMMIT); a later change
    // to the ticket in the same batch has already written the whole document, so it is left alone.
    await sql`${sql.raw(AT_BATCH_COMMIT)}insert into ticket_search (rowid, public_text, internal_text)
      select ${ticket.number}, ${publicText}, ${internalText} where not exists (select 1 from ticket_search where rowid = ${ticket.number})`.execute(db);
    return;
  }
  await sql`delete from ticket_search where rowid = ${ticket.number}`.execute(db);
  await sql`insert into ticket_search (rowid, public_text, internal_text) values (${ticket.number}, ${publicText}, ${internalText})`.execute(db);
}

/**
 * PostgreSQL: a condition on `ticket_search` matching documents that contain every term. A word
 * matches as a stem prefix ("каталоге" finds "каталог") or as a plain prefix ("катал"). Stop words
 * ("the", "за") are not in the index, so they are left out, unless the query has nothing else:
 * then they match as plain prefixes ("за" finds "заказ", as on SQLite).
 */
function postgresDocumentMatches({ terms, includeInternal }: { terms: string[]; includeInternal: boolean }): RawBuilder<boolean> {
  const stem = (t: string) => sql`to_tsquery('russian', ${`${t}:*`})`;
  const plain = (t: string) => sql`to_tsquery('simple', ${`${t}:*`})`;
  const words = sql.join(
    terms.map((t) => sql`(case when numnode(${stem(t)}) = 0 then ${stem(t)} else ${stem(t)} || ${plain(t)} end)`),
    sql` && `,
  );
  const tsquery = sql`case when numnode(${words}) = 0 then ${sql.join(terms.map(plain), sql` && `)} else ${words} end`;
  const doc = includeInternal ? sql`(public_doc || internal_doc)` : sql`public_doc`;
  return sql<boolean>`${doc} @@ (${tsquery})`;
}

/**
 * A condition on `tickets` matching tickets whose text contains every term as a word prefix.
 * Customers search only public text; agents also search internal notes. `matchingIds` (PostgreSQL,
 * from `findFewMatches`) replaces the text condition by the tickets already found.
 */
export function matchTicketText({
  dialect,
  terms,
  includeInternal,
  matchingIds,
}: {
  dialect: DialectName;
  terms: string[];
  includeInternal: boolean;
  matchingIds?: string[];
}): RawBuilder<boolean> {
  if (dialect === 'postgres') {
    if (matchingIds) return sql<boolean>`tickets.id = any(${matchingIds}::text[])`;
    return sql<boolean>`tickets.id in (select ticket_id from ticket_search where ${postgresDocumentMatches({ terms, includeInternal })})`;
  }
  const expression = terms.map((t) => `"${t}"*`).join(' AND ');
  const match = includeInternal ? expression : `{public_text} : (${expression})`;
  return sql<boolean>`tickets.number in (select rowid from ticket_search where ticket_search match ${match})`;
}

/** Beyond this many matches, walking the queue's order and testing each ticket is the right plan. */
const FEW_MATCHES = 5000;

/**
 * PostgreSQL: the ids of the matching tickets when there are at most FEW_MATCHES, else undefined.
 * Asked for one page, the planner walks the queue's order index and tests each ticket's document;
 * for a rare pair of words that read 50,000 documents (260 ms at a million tickets). Few matches
 * are found first through the GIN index, and the page is then cut from them.
 */
export async function findFewMatches({
  db,
  terms,
  includeInternal,
  few = FEW_MATCHES,
}: {
  db: DbOrTrx;
  terms: string[];
  includeInternal: boolean;
  few?: number;
}): Promise<string[] | undefined> {
  const { rows } = await sql<{ ticket_id: string }>`select ticket_id from ticket_search
    where ${postgresDocumentMatches({ terms, includeInternal })} limit ${few + 1}`.execute(db);
  return rows.length > few ? undefined : rows.map((r) => r.ticket_id);
}

export async function removeTicketFromIndex({
  db,
  dialect,
  ticketId,
  number,
}: {
  db: DbOrTrx;
  dialect: DialectName;
  ticketId: string;
  number: number;
}): Promise<void> {
  if (dialect === 'postgres') await sql`delete from ticket_search where ticket_id = ${ticketId}`.execute(db);
  else await sql`delete from ticket_search where rowid = ${number}`.execute(db);
}

/** Why a ticket is among the results of a search. */
export const MATCH_REASONS = ['number', 'email', 'name', 'license', 'domain', 'subject', 'message'] as const;
export type MatchReason = (typeof MATCH_REASONS)[number];

/**
 * What a query names besides words: a ticket number (`301`, `#301`), and for staff a customer (by
 * email, or by the beginning of their name), a license key or a site domain. Each is looked up by
 * index; the tickets found by any of them join those found by the words.
 */
export interface IdentifierMatches {
  number?: number;
  /** Customers the query names, and whether by email or by name. */
  customers: Map<string, 'email' | 'name'>;
  licenseIds: string[];
  /** The domain as typed and in lower case (sites are stored as entered). */
  sites: string[];
}

const NAME_MATCH_LIMIT = 50;

function capitalizeWords(text: string): string {
  return text.replace(/(^|\s)(\p{L})/gu, (_, space: string, letter: string) => space + letter.toUpperCase());
}

/** A domain from what an agent pastes: `https://www.Shop.example.com/path` → `www.shop.example.com`. */
export function domainOf(query: string): string | undefined {
  const host = query
    .trim()
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/[/?#].*$/, '');
  return /^[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+$/u.test(host) ? host : undefined;
}

export async function findIdentifierMatches({
  db,
  dialect,
  query,
  isStaff,
}: {
  db: DbOrTrx;
  dialect: DialectName;
  query: string;
  isStaff: boolean;
}): Promise<IdentifierMatches> {
  const q = query.trim();
  const matches: IdentifierMatches = { customers: new Map(), licenseIds: [], sites: [] };
  const number = /^#?(\d{1,15})$/.exec(q);
  if (number) matches.number = Number(number[1]);
  // Customers search only their own tickets: a number or words is all they need.
  if (!isStaff || q.length < 2) return matches;
  if (q.includes('@')) {
    const customer = await db.selectFrom('users').select('id').where('email', '=', q.toLowerCase()).where('role', '=', 'customer').executeTakeFirst();
    if (customer) matches.customers.set(customer.id, 'email');
  } else if (!number && /\p{L}/u.test(q)) {
    // One index range per spelling, and the role is checked here: with `role = ?` in the query
    // SQLite walks the role index over every customer instead (the bench's two-word search took 5 times as long).
    const lower = q.toLowerCase();
    // NOCASE already folds ASCII letters; other scripts are also tried with capitals (one more lookup).
    const spellings = dialect === 'postgres' || !/[^\p{ASCII}]/u.test(lower) ? [lower] : [lower, capitalizeWords(lower)];
    const names = [];
    for (const spelling of spellings) {
      const condition =
        dialect === 'postgres'
          ? sql<boolean>`lower(name) like ${`${spelling.replace(/[\\%_]/g, '\\$&')}%`}`
          : sql<boolean>`name collate nocase >= ${spelling} and name collate nocase < ${`${spelling}\u{10FFFF}`}`;
      names.push(...(await db.selectFrom('users').select(['id', 'role']).where(condition).limit(NAME_MATCH_LIMIT).execute()));
    }
    for (const { id, role } of names) if (role === 'customer' && matches.customers.size < NAME_MATCH_LIMIT) matches.customers.set(id, 'name');
  }
  if (!/\s/.test(q)) {
    const licenses = await db
      .selectFrom('licenses')
      .select('id')
      .where('key', 'in', [...new Set([q, q.toUpperCase()])])
      .execute();
    matches.licenseIds = licenses.map((l) => l.id);
    const domain = q.includes('@') ? undefined : domainOf(q);
    if (domain) matches.sites = [...new Set([domain, domain.toLowerCase()])];
  }
  return matches;
}

/** Whether every search term begins a word of the text (as the index matches them, near enough). */
function textHasTerms(text: string, terms: string[]): boolean {
  const words =
    foldText(text)
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  return terms.every((term) => words.some((word) => word.startsWith(term)));
}

/** Why a found ticket matched the query: what it names, or else where its words are. */
export function matchReasons({
  ticket,
  matches,
  terms,
}: {
  ticket: { number: number; customer_id: string; license_id: string | null; site: string | null; subject: string };
  matches: IdentifierMatches;
  terms: string[];
}): MatchReason[] {
  const reasons: MatchReason[] = [];
  if (matches.number !== undefined && Number(ticket.number) === matches.number) reasons.push('number');
  const customer = matches.customers.get(ticket.customer_id);
  if (customer) reasons.push(customer);
  if (ticket.license_id && matches.licenseIds.includes(ticket.license_id)) reasons.push('license');
  if (ticket.site && matches.sites.includes(ticket.site)) reasons.push('domain');
  if (terms.length > 0) {
    if (textHasTerms(ticket.subject, terms)) reasons.push('subject');
    else if (reasons.length === 0) reasons.push('message');
  }
  return reasons;
}

/** Whether the lookups found anything at all (else the words alone decide). */
export function hasIdentifierMatches(matches: IdentifierMatches): boolean {
  return matches.number !== undefined || matches.customers.size > 0 || matches.licenseIds.length > 0 || matches.sites.length > 0;
}
