// The ceiling for ticket creation on this machine: the same writes as POST /api/v1/tickets (token
// and user lookup, number counter, ticket, message, timeline event, search document, the
// notification job) with hand-prepared statements, commits shared by the requests of one event-loop
// turn, and none of the product around them (no Kysely, no validation, no Markdown, no hooks).
// Started by bench/tickets-ceiling.bench.ts: `node bench/ceiling-server.mjs DBFILE PORT [search,job]`.
import { createHash, randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import Fastify from 'fastify';

const [file, port, parts = 'search,job'] = process.argv.slice(2);
const withSearch = parts.split(',').includes('search');
const withJob = parts.split(',').includes('job');
const db = new Database(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');
db.pragma('wal_autocheckpoint = 4000');

const findToken = db.prepare('select user_id from api_tokens where token_hash = ? and revoked_at is null');
const findUser = db.prepare('select id from users where id = ?');
const nextNumber = db.prepare(`update counters set value = value + 1 where name = 'ticket_number' returning value`);
const insertTicket = db.prepare(
  `insert into tickets (id, number, kind, subject, customer_id, status, priority, created_by, is_guaranteed, waiting_since,
   last_customer_message_at, created_at, updated_at) values (?, ?, ?, ?, ?, 'open', 'normal', ?, 0, ?, ?, ?, ?)`,
);
const insertMessage = db.prepare(
  `insert into ticket_messages (id, ticket_id, author_id, author_role, visibility, body, body_html, source, arrived_at, is_waiting,
   is_guaranteed, created_at) values (?, ?, ?, 'customer', 'public', ?, ?, 'api', ?, 1, 0, ?)`,
);
const insertEvent = db.prepare('insert into ticket_events (id, ticket_id, actor_id, type, data, created_at) values (?, ?, ?, ?, ?, ?)');
const insertSearch = db.prepare('insert into ticket_search (rowid, public_text, internal_text) values (?, ?, ?)');
const insertJob = db.prepare(
  `insert into jobs (id, name, payload, status, unique_key, run_at, attempts, max_attempts, created_at, updated_at)
   values (?, 'notifications.ticket_created', ?, 'queued', ?, ?, 0, 5, ?, ?)`,
);

let isOpen = false;
let waiting = [];
function commit() {
  db.exec('commit');
  isOpen = false;
  const done = waiting;
  waiting = [];
  for (const resolve of done) resolve();
}
const escapeHtml = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const app = Fastify();
app.post('/api/v1/tickets', async (request, reply) => {
  const secret = String(request.headers.authorization ?? '').slice('Bearer '.length);
  const token = findToken.get(createHash('sha256').update(secret).digest('hex'));
  const user = token && findUser.get(token.user_id);
  if (!user) return reply.code(401).send({ code: 'auth.invalid_token' });
  const { kind, subject, body } = request.body;
  const now = Date.now();
  const id = randomUUID();
  const messageId = randomUUID();
  if (!isOpen) {
    db.exec('begin immediate');
    isOpen = true;
    setImmediate(commit);
  }
  const { value: number } = nextNumber.get();
  insertTicket.run(id, number, kind, subject, user.id, user.id, now, now, now, now);
  insertMessage.run(messageId, id, user.id, body, `<p>${escapeHtml(body)}</p>`, now, now);
  insertEvent.run(randomUUID(), id, user.id, 'created', JSON.stringify({ kind }), now);
  if (withSearch) insertSearch.run(number, `${subject}\n${body}`, '');
  if (withJob) insertJob.run(randomUUID(), JSON.stringify({ ticketId: id, messageId, actorId: user.id }), `notifications.ticket_created:${id}`, now, now, now);
  await new Promise((resolve) => waiting.push(resolve));
  return reply.code(201).send({ id, number, status: 'open', replyDueAt: null, guaranteed: false });
});
await app.listen({ port: Number(port), host: '127.0.0.1' });
