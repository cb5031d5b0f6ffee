// Mail throughput: the outbox to an SMTP server in this process, and a Dovecot mailbox into tickets.
// `npx tsx bench/mail.bench.ts` prints the figures; `benchMail` returns them for bench/run.ts.
import { pathToFileURL } from 'node:url';
import type { DialectName } from '../src/db/database.js';
import { createTestContext } from '../test/app.js';
import { TEST_DIALECTS } from '../test/db.js';
import { hasDovecot, rawMail, startDovecot, startSmtpServer } from '../test/mail.js';
import { customerWith } from '../test/tickets.js';

interface Result {
  name: string;
  value: number;
  unit: string;
}

const OUTBOUND = 2000;
const INBOUND = 200;

export async function benchMail(dialect: DialectName): Promise<Result[]> {
  const results: Result[] = [];
  const smtp = await startSmtpServer();
  const dovecot = hasDovecot ? await startDovecot({ users: ['support@example.test'] }) : undefined;
  const ctx = await createTestContext({
    dialect,
    config: { ...smtp.config, imapUrl: dovecot?.urlFor('support@example.test') ?? '', logLevel: 'warn' },
  });
  try {
    let started = performance.now();
    await ctx.deps.db.transaction().execute(async (trx) => {
      for (let i = 0; i < OUTBOUND; i++) {
        await ctx.deps.mail.enqueue({ trx, to: `c${i}@example.test`, template: 'reset_password', language: 'en', name: `C${i}`, link: `http://x/r?t=${i}` });
      }
    });
    results.push({ name: `mail.outbox_write.${dialect}`, value: Math.round(OUTBOUND / ((performance.now() - started) / 1000)), unit: 'mails/s' });
    started = performance.now();
    let sent = 0;
    while (sent < OUTBOUND) sent += (await ctx.deps.mailer.delivery.deliverQueued()).sent;
    results.push({ name: `mail.smtp_send.${dialect}`, value: Math.round(OUTBOUND / ((performance.now() - started) / 1000)), unit: 'mails/s' });
    if (smtp.received.length !== OUTBOUND) throw new Error(`the server got ${smtp.received.length} mails, not ${OUTBOUND}`);

    if (dovecot) {
      const customer = await customerWith(ctx, 'fresh');
      for (let i = 0; i < INBOUND; i++) {
        const raw = rawMail({
          headers: { From: customer.email, Subject: `Question ${i}`, 'Message-ID': `<b${i}@client.test>` },
          body: `Body ${i}\n\n-- \nSig`,
        });
        await dovecot.append('support@example.test', raw, new Date('2026-10-05T09:00:00Z'));
      }
      started = performance.now();
      const { processed } = await ctx.deps.mailer.poller.pollAll();
      results.push({ name: `mail.imap_to_tickets.${dialect}`, value: Math.round(processed / ((performance.now() - started) / 1000)), unit: 'mails/s' });
    }
  } finally {
    await ctx.close();
    await smtp.stop();
    await dovecot?.stop();
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const dialect of TEST_DIALECTS) {
    for (const r of await benchMail(dialect)) process.stdout.write(`${r.name}: ${r.value} ${r.unit}\n`);
  }
}
