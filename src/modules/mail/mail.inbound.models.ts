// Reading inbound mail: what is automatic, what is the new text, which ticket it names. Pure.

/** Raw header values by lower-case name (the first occurrence wins). */
export type HeaderMap = ReadonlyMap<string, string>;

/** Builds a header map from "Name: value" lines (folded lines allowed). */
export function toHeaderMap(lines: readonly { key: string; line: string }[]): HeaderMap {
  const map = new Map<string, string>();
  for (const { key, line } of lines) {
    const name = key.toLowerCase();
    if (map.has(name)) continue;
    map.set(
      name,
      line
        .slice(line.indexOf(':') + 1)
        .replace(/\r?\n[ \t]+/g, ' ')
        .trim(),
    );
  }
  return map;
}

const SYSTEM_SENDERS = /^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?)([+\-.].*)?@/i;

/**
 * Why a mail was written by a machine (RFC 3834 auto-replies, bounces, lists, our own mail), or
 * null for a person's mail. Machines never open tickets and never get an answer: that is how
 * loops between two auto-responders start.
 */
export function detectAutomatic({ headers, from, ownAddresses }: { headers: HeaderMap; from: string; ownAddresses: readonly string[] }): string | null {
  const autoSubmitted = headers.get('auto-submitted')?.toLowerCase();
  if (autoSubmitted && !autoSubmitted.startsWith('no')) return 'auto-submitted';
  const precedence = headers.get('precedence')?.toLowerCase();
  if (precedence && ['bulk', 'junk', 'list', 'auto_reply', 'auto-reply'].includes(precedence)) return 'precedence';
  for (const name of ['x-autoreply', 'x-autorespond', 'x-autoresponder', 'x-auto-reply']) if (headers.has(name)) return 'auto-reply header';
  if (headers.has('list-id') || headers.has('list-unsubscribe')) return 'mailing list';
  if (headers.get('return-path')?.replace(/\s/g, '') === '<>') return 'bounce';
  if (/multipart\/report/i.test(headers.get('content-type') ?? '')) return 'bounce';
  if (SYSTEM_SENDERS.test(from)) return 'system sender';
  if (ownAddresses.includes(from.toLowerCase())) return 'our own address';
  return null;
}

// Lines where quoted history begins, in the clients our customers use.
const HISTORY_STARTS = [
  /^-{2,}\s*(original message|forwarded message|исходное сообщение|пересылаемое сообщение|перенаправленное сообщение)/i,
  /^_{10,}\s*$/,
  /^(on|le|am|el|il)\s.{0,200}\b(wrote|a écrit|schrieb|escribió|ha scritto)\s*:\s*$/i,
  // No \b here: in JavaScript it only knows Latin letters.
  /^(.{0,200}\s)?(пишет|написал\(а\)|написала?)\s*:\s*$/i,
  // Mail.ru, Yandex and others: "5 октября 2026, 12:00 от Поддержка <support@example.com>:".
  /^.{0,200}<[^<>\s]+@[^<>\s]+>\s*:\s*$/,
];
const HEADER_BLOCK_START = /^\*?(from|от|de|von)\s*:\*?\s/i;
const HEADER_BLOCK_NEXT = /^\*?(sent|date|to|subject|отправлено|дата|кому|тема|envoyé|gesendet)\s*:/i;
const SIGNATURE = /^--\s?$/;
const DEVICE_LINE = /^(sent from my |sent from mail for |get outlook for |отправлено с |отправлено из )/i;

/**
 * The new text of a reply: without the quoted history ("On … wrote:" and what follows, Outlook's
 * header block, a trailing "> " quote) and without the signature ("-- " and below). Returns the
 * original when nothing would be left, so a mail is never emptied by mistake.
 */
export function stripQuotedText(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    const joined = `${line} ${lines[i + 1]?.trim() ?? ''}`.trim();
    const isHistory =
      HISTORY_STARTS.some((re) => re.test(line)) ||
      // "On Mon, 1 Dec 2026 at 10:00, Support <support@example.com>\nwrote:" wraps in many clients.
      (i + 1 < lines.length && HISTORY_STARTS.slice(2).some((re) => re.test(joined))) ||
      (HEADER_BLOCK_START.test(line) && lines.slice(i + 1, i + 5).some((l) => HEADER_BLOCK_NEXT.test(l.trim())));
    if (isHistory || SIGNATURE.test(lines[i]!)) {
      end = i;
      break;
    }
  }
  const kept = lines.slice(0, end);
  // A quote block or a device line at the very end is history too.
  while (kept.length > 0) {
    const last = kept[kept.length - 1]!.trim();
    if (last === '' || last.startsWith('>') || DEVICE_LINE.test(last)) kept.pop();
    else break;
  }
  const result = kept.join('\n').trim();
  return result === '' ? text.trim() : result;
}

const REPLY_PREFIX = /^\s*((re|fwd?|aw|wg|tr|sv|vs|ответ|отв|пересл)(\[\d+\])?\s*:\s*)+/i;

/** A ticket subject from a mail subject: no "Re:"/"Fwd:" prefixes, no "[#123]" tag, at most 200 characters. */
export function cleanSubject(subject: string | undefined): string {
  let s = (subject ?? '').replace(/\s+/g, ' ');
  for (let i = 0; i < 5; i++) s = s.replace(REPLY_PREFIX, '').replace(/\[#\d+\]\s*/g, '');
  return s.trim().slice(0, 200);
}

/** The ticket number a subject names ("Re: [#123] …"), if any. */
export function findTicketNumber(subject: string | undefined): number | undefined {
  const match = /\[#(\d{1,12})\]/.exec(subject ?? '');
  return match ? Number(match[1]) : undefined;
}

/** Message-IDs in angle brackets, from In-Reply-To and References, oldest first, each once. */
export function collectReferences({ inReplyTo, references }: { inReplyTo?: string; references?: string | string[] }): string[] {
  const all = [...(Array.isArray(references) ? references : references ? [references] : []), ...(inReplyTo ? [inReplyTo] : [])];
  const ids = all.flatMap((value) => value.match(/<[^<>\s]+>/g) ?? value.split(/\s+/).filter(Boolean).map(normalizeMessageId));
  return [...new Set(ids)];
}

export function normalizeMessageId(id: string): string {
  const trimmed = id.trim();
  return trimmed.startsWith('<') ? trimmed : `<${trimmed.replace(/>$/, '')}>`;
}

/** The language to answer a stranger in: Russian if they wrote in Cyrillic. */
export function guessLanguage(text: string): 'en' | 'ru' {
  return /[а-яё]/i.test(text) ? 'ru' : 'en';
}
