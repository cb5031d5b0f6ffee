import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A free TCP port on the loopback interface. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface ReceivedMail {
  raw: Buffer;
  parsed: ParsedMail;
  envelopeTo: string[];
}

/**
 * An SMTP server in the test process. `stop()` makes it unreachable (an outage) and `start()`
 * brings it back on the same port; `refuse` answers 550 for the recipients it matches.
 */
export async function startSmtpServer() {
  const port = await findFreePort();
  const received: ReceivedMail[] = [];
  const state: { refuse: (address: string) => boolean; server?: SMTPServer } = { refuse: () => false };

  /** Starts listening (again); nothing when it is already up. */
  async function start(): Promise<void> {
    if (state.server) return;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (state.refuse(address.address)) callback(Object.assign(new Error('No such mailbox here'), { responseCode: 550 }));
        else callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          void simpleParser(raw).then((parsed) => {
            received.push({ raw, parsed, envelopeTo: session.envelope.rcptTo.map((r) => r.address) });
            callback();
          }, callback);
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    state.server = server;
  }

  async function stop(): Promise<void> {
    const server = state.server;
    state.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  await start();
  return {
    port,
    received,
    start,
    stop,
    refuse(match: (address: string) => boolean) {
      state.refuse = match;
    },
    /** Mail settings (Config overrides) that send to this server. */
    config: { smtpHost: '127.0.0.1', smtpPort: port, smtpTls: 'none' as const, mailFrom: 'Support <support@example.test>' },
  };
}
export type TestSmtpServer = Awaited<ReturnType<typeof startSmtpServer>>;

export const DOVECOT = '/usr/sbin/dovecot';
export const hasDovecot = fs.existsSync(DOVECOT);

/** For a suite that skips without Dovecot: says so, and how to run it, instead of skipping silently. */
export function sayWhyWithoutDovecot(suite: string): void {
  if (hasDovecot) return;
  console.warn(`[supportdesk tests] ${DOVECOT} not found: skipping ${suite}. Install Debian's dovecot-imapd (apt-get install -y dovecot-imapd) to run them.`);
}

/**
 * A private Dovecot IMAP server on a free loopback port (/work/shared/STACK.md, "Dovecot IMAP for
 * mail tests"); each user's password is "secret". Test mail goes in with `append`, so its
 * internal date (when the mailbox received it) is under the test's control.
 */
export async function startDovecot({ users }: { users: string[] }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'supportdesk-dovecot-'));
  fs.chmodSync(dir, 0o755); // the auth process runs as the dovecot user and must reach the users file
  const port = await findFreePort();
  fs.mkdirSync(path.join(dir, 'run'));
  fs.mkdirSync(path.join(dir, 'mail'));
  fs.chownSync(path.join(dir, 'mail'), 65534, 65534);
  fs.writeFileSync(path.join(dir, 'users'), users.map((u) => `${u}:{PLAIN}secret\n`).join(''));
  fs.writeFileSync(
    path.join(dir, 'dovecot.conf'),
    `base_dir = ${dir}/run
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
mail_location = maildir:${dir}/mail/%u
first_valid_uid = 65534
namespace inbox {
  inbox = yes
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=65534 gid=65534 home=${dir}/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`,
  );
  // The master daemonizes; with inherited pipes the call would wait for it to exit.
  execFileSync(DOVECOT, ['-c', path.join(dir, 'dovecot.conf')], { stdio: 'ignore' });
  // The master forks its listeners; wait until the port answers.
  for (let i = 0; i < 100; i++) {
    const isUp = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (isUp) break;
    await new Promise((r) => setTimeout(r, 50));
  }

  return {
    port,
    dir,
    /** `imap://user:secret@127.0.0.1:port/INBOX`, as SUPPORTDESK_IMAP_URL takes it. */
    urlFor: (user: string) => `imap://${encodeURIComponent(user)}:secret@127.0.0.1:${port}/INBOX`,
    /** Delivers a raw mail into a user's INBOX with the given internal date. */
    async append(user: string, raw: string | Buffer, receivedAt: Date): Promise<void> {
      const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass: 'secret' }, logger: false });
      await client.connect();
      try {
        await client.append('INBOX', raw, [], receivedAt);
      } finally {
        await client.logout();
      }
    },
    /** Stops the server (`kill $(cat DIR/run/master.pid)`), waits for it to exit and removes its directory. */
    async stop(): Promise<void> {
      const pid = Number(fs.readFileSync(path.join(dir, 'run', 'master.pid'), 'utf8').trim());
      const isAlive = () => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      };
      if (isAlive()) process.kill(pid);
      for (let i = 0; i < 100 && isAlive(); i++) await new Promise((r) => setTimeout(r, 20));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
export type TestDovecot = Awaited<ReturnType<typeof startDovecot>>;

/** A raw RFC 5322 mail with CRLF line ends. */
export function rawMail({ headers, body }: { headers: Record<string, string>; body: string | Buffer }): Buffer {
  const head = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n');
  const content = typeof body === 'string' ? Buffer.from(body.replace(/\r?\n/g, '\r\n')) : body;
  return Buffer.concat([Buffer.from(`${head}\r\n\r\n`), content, Buffer.from('\r\n')]);
}

// KOI8-R puts the Cyrillic letters at 0xC0–0xFF in this order (lower case, then upper case).
const KOI8R_ORDER = 'юабцдефгхийклмнопярстужвьызшэщчъ';

/** Text as KOI8-R bytes (ASCII and the Russian alphabet), for mail from old clients. */
export function encodeKoi8r(text: string): Buffer {
  return Buffer.from(
    [...text].map((c) => {
      if (c.charCodeAt(0) < 128) return c.charCodeAt(0);
      if (c === 'ё') return 0xa3;
      if (c === 'Ё') return 0xb3;
      const lower = KOI8R_ORDER.indexOf(c);
      if (lower >= 0) return 0xc0 + lower;
      const upper = KOI8R_ORDER.indexOf(c.toLowerCase());
      if (upper >= 0) return 0xe0 + upper;
      throw new Error(`no KOI8-R byte for ${c}`);
    }),
  );
}
