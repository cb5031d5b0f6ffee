import nodemailer from 'nodemailer';
import type { OutboundSettings } from './mail.settings.js';

/** One mail as it goes to the SMTP server, with the Message-ID stored in the outbox. */
export interface SmtpMessage {
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string | null;
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  headers: Record<string, string>;
  date: Date;
}

export interface MailTransport {
  send(message: SmtpMessage): Promise<void>;
  close(): void;
}

/**
 * An SMTP connection pool for one delivery run. TLS certificates are always checked: `starttls`
 * requires the upgrade, `tls` speaks TLS from the start, `none` is for a relay on the same host.
 */
export function createSmtpTransport(outbound: OutboundSettings): MailTransport {
  const transporter = nodemailer.createTransport({
    host: outbound.host,
    port: outbound.port,
    secure: outbound.tls === 'tls',
    requireTLS: outbound.tls === 'starttls',
    ignoreTLS: outbound.tls === 'none',
    auth: outbound.user ? { user: outbound.user, pass: outbound.password } : undefined,
    pool: true,
    maxConnections: 3,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  return {
    async send(message) {
      await transporter.sendMail({
        from: { name: outbound.from.name, address: outbound.from.address },
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html ?? undefined,
        messageId: message.messageId,
        inReplyTo: message.inReplyTo ?? undefined,
        references: message.references.length > 0 ? message.references : undefined,
        headers: message.headers,
        date: message.date,
      });
    },
    close() {
      transporter.close();
    },
  };
}

/** What a failed send means: the server is unreachable (stop the run), the mail may succeed later, or never will. */
export type SmtpFailure = 'outage' | 'transient' | 'permanent';

const OUTAGE_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EAUTH', 'ENOAUTH', 'EPROTOCOL', 'ECONNREFUSED', 'EPROXY']);

/** Classifies a nodemailer error: a 5xx for this mail's envelope or content is final; the rest is retried. */
export function classifySmtpError(error: unknown): SmtpFailure {
  const { code, responseCode } = (error ?? {}) as { code?: string; responseCode?: number };
  if (responseCode === 421 || (code && OUTAGE_CODES.has(code))) return 'outage';
  if (responseCode !== undefined && responseCode >= 500 && (code === 'EENVELOPE' || code === 'EMESSAGE')) return 'permanent';
  return 'transient';
}
