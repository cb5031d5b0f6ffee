// Writes a large helpdesk straight into a database (no use cases): customers, agents, tickets in
// every state, messages, and the search index. 0.1 % of tickets mention "quantum invoice", the
// two-word search the benchmark runs.
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { createId } from '../src/shared/ids.js';

export interface GenerateOptions {
  tickets: number;
  messagesPerTicket: number;
  customers: number;
  now: number;
}

const WORDS = 'catalog cart order delivery template module update error page admin search image cache payment export import language menu news form'.split(' ');
const RU = 'каталог корзина заказ доставка шаблон модуль обновление ошибка страница поиск кеш оплата экспорт меню новости форма'.split(' ');

function sentence(i: number): string {
  const w = (k: number) => WORDS[(i * 7 + k * 13) % WORDS.length];
  const r = (k: number) => RU[(i * 5 + k * 11) % RU.length];
  return `The ${w(1)} ${w(2)} shows an ${w(3)} after the ${w(4)}; ${r(1)} ${r(2)} ${r(3)}. Steps: open ${w(5)}, then ${w(6)}.`;
}

interface Row {
  ticket: unknown[];
  messages: unknown[][];
  publicText: string;
  number: number;
  id: string;
}

/** Builds ticket number n (1-based) with its messages. */
function buildTicket(n: number, opts: GenerateOptions, customerIds: string[], agentIds: string[]): Row {
  const id = createId(opts.now - (opts.tickets - n) * 1000);
  const created = opts.now - (opts.tickets - n) * 2_000; // spread over ~23 days per million
  const kindRoll = n % 20;
  const kind = kindRoll < 9 ? 'question' : kindRoll < 15 ? 'problem' : kindRoll < 16 ? 'emergency' : kindRoll < 18 ? 'suggestion' : 'partnership';
  const statusRoll = n % 10;
  const status = statusRoll < 2 ? 'open' : statusRoll < 4 ? 'pending' : statusRoll < 6 ? 'resolved' : 'closed';
  const hasTarget = kind === 'question' || kind === 'problem' || kind === 'emergency';
  const isWaiting = status === 'open';
  const guaranteed = hasTarget && n % 7 !== 0;
  const due = isWaiting && guaranteed ? created + 24 * 3600_000 + (n % 3) * 3600_000 : null;
  const subject = `${WORDS[n % WORDS.length]} ${WORDS[(n * 3) % WORDS.length]} #${n}`;
  const special = n % 1000 === 0 ? ' We were charged twice: quantum invoice mismatch.' : '';
  const customerId = customerIds[n % customerIds.length]!;
  const assignee = status === 'open' && n % 3 === 0 ? null : agentIds[n % agentIds.length]!;
  const ticket = [
    id,
    n,
    kind,
    subject,
    customerId,
    null,
    null,
    status,
    n % 11 === 0 ? 'high' : 'normal',
    assignee,
    customerId,
    status === 'resolved' || status === 'closed' ? 'answered' : null,
    null,
    null,
    null,
    due,
    isWaiting ? created : null,
    guaranteed ? 1 : 0,
    created,
    status === 'open' ? null : created + 3600_000,
    null,
    null,
    created,
    created + 3600_000,
    status === 'resolved' || status === 'closed' ? created + 7200_000 : null,
    status === 'closed' ? created + 8 * 24 * 3600_000 : null,
  ];
  const messages: unknown[][] = [];
  const texts: string[] = [subject];
  for (let m = 0; m < opts.messagesPerTicket; m++) {
    const fromCustomer = m % 2 === 0;
    const at = created + m * 600_000;
    const body = sentence(n + m) + (m === 0 ? special : '');
    const last = m === opts.messagesPerTicket - 1;
    const waiting = fromCustomer && isWaiting && last ? 1 : 0;
    messages.push([
      createId(at),
      id,
      fromCustomer ? customerId : agentIds[n % agentIds.length],
      fromCustomer ? 'customer' : 'agent',
      'public',
      body,
      `<p>${body}</p>`,
      'web',
      null,
      at,
      waiting,
      fromCustomer && guaranteed ? 1 : 0,
      waiting ? due : null,
      fromCustomer && !waiting ? at + 600_000 : null,
      null,
      fromCustomer && !waiting ? (guaranteed ? 'met' : hasTarget ? 'best_effort' : 'no_target') : null,
      at,
    ]);
    texts.push(body);
  }
  return { ticket, messages, publicText: texts.join('\n'), number: n, id };
}

function buildPeople(opts: GenerateOptions): { customers: unknown[][]; agents: unknown[][] } {
  const user = (id: string, email: string, role: string) => [
    id,
    email,
    email.split('@')[0],
    role,
    null,
    opts.now,
    'en',
    'Europe/Moscow',
    null,
    opts.now,
    opts.now,
    // rules_version, rules_acknowledged_at
    null,
    null,
  ];
  const customers = Array.from({ length: opts.customers }, (_, i) => user(createId(), `bench-customer-${i}@example.test`, 'customer'));
  const agents = Array.from({ length: 20 }, (_, i) => user(createId(), `bench-agent-${i}@example.test`, 'agent'));
  return { customers, agents };
}

const USER_COLUMNS = 13;
const TICKET_COLUMNS = 26;
const MESSAGE_COLUMNS = 17;

/** Fills a migrated SQLite file. */
export function generateSqlite({ file, ...opts }: GenerateOptions & { file: string }): void {
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const { customers, agents } = buildPeople(opts);
  const insertUser = db.prepare(`insert into users values (${Array(USER_COLUMNS).fill('?').join(',')})`);
  const insertTicket = db.prepare(`insert into tickets values (${Array(TICKET_COLUMNS).fill('?').join(',')})`);
  const insertMessage = db.prepare(`insert into ticket_messages values (${Array(MESSAGE_COLUMNS).fill('?').join(',')})`);
  const insertSearch = db.prepare('insert into ticket_search (rowid, public_text, internal_text) values (?, ?, ?)');
  db.transaction(() => {
    for (const u of [...customers, ...agents]) insertUser.run(...u);
  })();
  const customerIds = customers.map((c) => c[0] as string);
  const agentIds = agents.map((a) => a[0] as string);
  const batch = db.transaction((from: number, to: number) => {
    for (let n = from; n <= to; n++) {
      const row = buildTicket(n, opts, customerIds, agentIds);
      insertTicket.run(...row.ticket);
      for (const m of row.messages) insertMessage.run(...m);
      insertSearch.run(n, row.publicText, '');
    }
  });
  for (let n = 1; n <= opts.tickets; n += 10_000) batch(n, Math.min(opts.tickets, n + 9_999));
  db.prepare("update counters set value = ? where name = 'ticket_number'").run(opts.tickets);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('analyze');
  db.close();
}

/** Fills a migrated PostgreSQL schema, in multi-row inserts. */
export async function generatePostgres({ url, schema, ...opts }: GenerateOptions & { url: string; schema: string }): Promise<void> {
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
  const insert = async (table: string, columns: number, rows: unknown[][]) => {
    for (let i = 0; i < rows.length; i += 1000) {
      const chunk = rows.slice(i, i + 1000);
      const values = chunk.map((_, r) => `(${Array.from({ length: columns }, (_, c) => `$${r * columns + c + 1}`).join(',')})`).join(',');
      await client.query(`insert into ${table} values ${values}`, chunk.flat());
    }
  };
  const { customers, agents } = buildPeople(opts);
  await insert('users', USER_COLUMNS, [...customers, ...agents]);
  const customerIds = customers.map((c) => c[0] as string);
  const agentIds = agents.map((a) => a[0] as string);
  for (let n = 1; n <= opts.tickets; n += 5_000) {
    const rows = Array.from({ length: Math.min(5_000, opts.tickets - n + 1) }, (_, k) => buildTicket(n + k, opts, customerIds, agentIds));
    await client.query('begin');
    await insert(
      'tickets',
      TICKET_COLUMNS,
      rows.map((r) => r.ticket),
    );
    await insert(
      'ticket_messages',
      MESSAGE_COLUMNS,
      rows.flatMap((r) => r.messages),
    );
    await client.query(
      `insert into ticket_search (ticket_id, public_doc, internal_doc) select id, to_tsvector('russian', t), ''::tsvector from unnest($1::text[], $2::text[]) as u(id, t)`,
      [rows.map((r) => r.id), rows.map((r) => r.publicText)],
    );
    await client.query('commit');
  }
  await client.query("update counters set value = $1 where name = 'ticket_number'", [opts.tickets]);
  await client.query("select setval('ticket_number_seq', $1)", [opts.tickets]);
  await client.query('analyze');
  await client.end();
}
