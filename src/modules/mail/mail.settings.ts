import type { Config } from '../../config/config.js';
import type { TicketKind } from '../../db/types.js';

/** How to reach the SMTP server; null when outgoing mail is not configured. */
export interface OutboundSettings {
  host: string;
  port: number;
  tls: 'starttls' | 'tls' | 'none';
  user: string;
  password: string;
  from: { name: string; address: string };
}

/** One polled mailbox. `name` identifies it in the database and logs and never holds the password. */
export interface MailboxSettings {
  name: string;
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
  folder: string;
  kind: TicketKind;
}

export interface MailSettings {
  outbound: OutboundSettings | null;
  mailboxes: MailboxSettings[];
  /** The right-hand side of our Message-IDs. */
  mailDomain: string;
  /** The sender of every mail, also when SMTP is not configured (the outbox keeps it). */
  from: { name: string; address: string };
  unknownSenders: 'reply' | 'ignore';
  /** Largest raw mail taken in by any door (IMAP, HTTP, CLI). */
  maxMailBytes: number;
  /** The kind of ticket mail taken in by HTTP or the CLI opens unless told otherwise (SUPPORTDESK_IMAP_KIND). */
  defaultInboundKind: TicketKind;
  imapPollMs: number;
  replyDueSoonMs: number;
  pendingReminderMs: number;
  publicUrl: string;
  productName: string;
}

/** `Name <address>` or a bare address. */
export function parseAddress(text: string): { name: string; address: string } {
  const match = /^\s*(?:"?([^"<]*?)"?\s*<)?([^\s<>]+@[^\s<>]+?)>?\s*$/.exec(text);
  if (!match?.[2]) throw new Error(`not an address: ${text}`);
  return { name: match[1]?.trim() ?? '', address: match[2].toLowerCase() };
}

/** `imaps://user:password@host[:port][/folder]`; user and password percent-encoded. */
export function parseMailboxUrl({ url, kind }: { url: string; kind: TicketKind }): MailboxSettings {
  const parsed = new URL(url);
  const secure = parsed.protocol === 'imaps:';
  const user = decodeURIComponent(parsed.username);
  const folder = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'INBOX';
  const port = parsed.port ? Number(parsed.port) : secure ? 993 : 143;
  return {
    name: `${user}@${parsed.hostname}:${port}/${folder}`,
    host: parsed.hostname,
    port,
    secure,
    user,
    password: decodeURIComponent(parsed.password),
    folder,
    kind,
  };
}

/** The mail settings from the configuration (README, "Mail"). */
export function readMailSettings({ config, productName }: { config: Config; productName: string }): MailSettings {
  const publicHost = new URL(config.publicUrl).hostname || 'supportdesk.local';
  const from = config.mailFrom ? parseAddress(config.mailFrom) : { name: productName, address: `support@${publicHost}` };
  if (!from.name) from.name = productName;
  const mailboxes = [
    config.imapUrl ? parseMailboxUrl({ url: config.imapUrl, kind: config.imapKind }) : undefined,
    config.imap2Url ? parseMailboxUrl({ url: config.imap2Url, kind: config.imap2Kind }) : undefined,
  ].filter((m): m is MailboxSettings => m !== undefined);
  return {
    outbound: config.smtpHost
      ? { host: config.smtpHost, port: config.smtpPort, tls: config.smtpTls, user: config.smtpUser, password: config.smtpPassword, from }
      : null,
    mailboxes,
    mailDomain: from.address.split('@')[1] ?? publicHost,
    from,
    unknownSenders: config.mailUnknownSenders,
    maxMailBytes: config.mailMaxBytes,
    defaultInboundKind: config.imapKind,
    imapPollMs: config.imapPollSeconds * 1000,
    replyDueSoonMs: config.replyDueSoonHours * 3600_000,
    pendingReminderMs: config.pendingReminderDays * 24 * 3600_000,
    publicUrl: config.publicUrl,
    productName,
  };
}
