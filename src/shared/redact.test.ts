import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { collectSecrets, redactCredentials } from './redact.js';

describe('redacting credentials', () => {
  it.each([
    ['postgres://app:s3cr3t-pw@db.example.com:5432/supportdesk', 'postgres://app:[redacted]@db.example.com:5432/supportdesk'],
    ['imaps://support%40example.com:app-pass@imap.example.com/INBOX', 'imaps://support%40example.com:[redacted]@imap.example.com/INBOX'],
    ['could not reach "postgresql://u:p%40ss@h/db" (ECONNREFUSED)', 'could not reach "postgresql://u:[redacted]@h/db" (ECONNREFUSED)'],
    ['postgres://h/db?user=app&password=hunter22&sslmode=require', 'postgres://h/db?user=app&password=[redacted]&sslmode=require'],
  ])('the password of %s is taken out and the rest kept', (text, expected) => {
    expect(redactCredentials(text)).toBe(expected);
  });

  it('a URL without a password and plain text stay as they are', () => {
    for (const text of ['postgres://app@db.example.com/x', 'https://example.com/a:b', 'ticket 12: done']) expect(redactCredentials(text)).toBe(text);
  });

  it('literal secrets are replaced wherever they appear, in raw and percent-decoded form', () => {
    const secrets = collectSecrets({ urls: ['imap://me:p%40ss-word@h/INBOX'], values: ['smtp-secret', 'KEYNEW,KEYOLD'] });
    expect(secrets).toEqual(expect.arrayContaining(['smtp-secret', 'KEYNEW', 'KEYOLD', 'p%40ss-word', 'p@ss-word']));
    expect(redactCredentials('login p@ss-word failed; smtp-secret; KEYOLD', secrets)).toBe('login [redacted] failed; [redacted]; [redacted]');
  });

  it('every log line is redacted on its way out, in the message and in any field', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(chunk.toString());
        callback();
      },
    });
    const logger = createLogger({ level: 'info', destination, secrets: ['smtp-secret'] });
    logger.error({ err: new Error('connect to postgres://app:dbpass@h/x failed'), detail: 'auth with smtp-secret refused' }, 'mail said smtp-secret');
    const text = lines.join('');
    expect(text).toContain('[redacted]');
    expect(text).not.toContain('dbpass');
    expect(text).not.toContain('smtp-secret');
  });
});
