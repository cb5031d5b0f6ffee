// Finds what looks like credentials in free text (messages, inbound mail) so it can be masked
// before it is stored. Pure, and bundled into the web app too (web/src/features/vault/secretRules.ts
// re-exports it), so the browser warns by the same rules the server masks by.

export type SecretKind = 'password' | 'url_credentials' | 'private_key';

/** A stretch of text to hide: [start, end) in UTF-16 units, and how to show it afterwards. */
export interface SecretFinding {
  kind: SecretKind;
  start: number;
  end: number;
  replacement: string;
}

/** What a masked value reads as. Language-neutral; never a plausible password itself. */
export const SECRET_MASK = '••••••••';

// An underscore may come before (DB_PASSWORD=…), not after (password_hash).
const NOT_WORD_BEFORE = String.raw`(?<![\p{L}\p{N}])`;
const NOT_WORD_AFTER = String.raw`(?![\p{L}\p{N}_])`;
// Words that introduce a password: English, Russian (any case ending), and API credentials.
const LABEL = String.raw`(?:passwords?|passwd|passphrase|pwd|pass|парол\p{L}*|(?:api|secret|access|auth)[ _-]?(?:key|token)|client[ _-]?secret)`;
// "password for the ftp user:", "пароль от хостинга:": at most three short words in between.
const QUALIFIERS = String.raw`((?:[^\S\n]+[^\s:=]{1,20}){0,3})`;
// ":", "=", or a spaced dash ("пароль — …"), then maybe Markdown emphasis ("**Password:** …").
const SEPARATOR = String.raw`[^\S\n]*["']?[^\S\n]*(?:[:=]|[^\S\n][-–—](?=[^\S\n]))[^\S\n]*(?:[*_]{1,3}[^\S\n]*)?`;
const VALUE = String.raw`("[^"\n]+"|'[^'\n]+'|[^\s"']\S*)`;
const PASSWORD_LINE = new RegExp(`${NOT_WORD_BEFORE}${LABEL}${NOT_WORD_AFTER}${QUALIFIERS}${SEPARATOR}${VALUE}`, 'giu');

// scheme://user:password@host
const URL_CREDENTIALS = /\b[a-z][a-z0-9+.-]{1,15}:\/\/[^\s:/?#@]+:([^\s/?#@]+)@/giu;

const PEM_PRIVATE_KEY = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----[\s\S]*?(?:-----END \1PRIVATE KEY\2-----|$)/gu;
const PUTTY_PRIVATE_KEY = /PuTTY-User-Key-File-\d+:[\s\S]*?(?:Private-MAC:[^\S\n]*\S+|$)/gu;

// Words around "password" that mean the text talks about passwords rather than giving one.
const TALK_ABOUT = new Set([
  'reset',
  'forgot',
  'forgotten',
  'lost',
  'wrong',
  'incorrect',
  'invalid',
  'changes',
  'changed',
  'expired',
  'expires',
  'забыл',
  'забыла',
  'неверный',
  'не',
  'policy',
  'requirement',
  'requirements',
  'rules',
  'length',
  'field',
  'manager',
  'change',
  'recovery',
  'hint',
  'strength',
  'сброс',
  'восстановление',
  'требования',
  'правила',
  'длина',
  'поле',
  'смена',
]);
const PLACEHOLDERS = new Set([
  'none',
  'n/a',
  'unknown',
  'same',
  'empty',
  'blank',
  'null',
  'hidden',
  'removed',
  'required',
  'нет',
  'пусто',
  'скрыт',
  'скрыто',
  'прежний',
  'неизвестен',
]);

function isMaskOnly(value: string): boolean {
  return /^[*•·.xX_\-\s]+$/u.test(value) || value.includes(SECRET_MASK);
}

/** Whether the value after "password:" looks like a password rather than words about one. */
function isLikelyPasswordValue(raw: string): boolean {
  const value = raw.replace(/^["']|["']$/g, '');
  if (value.length < 4 || isMaskOnly(value)) return false;
  const bare = value.toLowerCase().replace(/[.,;!?)]+$/u, '');
  if (PLACEHOLDERS.has(bare)) return false;
  // "Password: why?" is a question, not a password.
  if (/^\p{L}+\?$/u.test(value)) return false;
  // "<your password>", "{password}", "$PASSWORD": templates, not values.
  if (/^[<{]/u.test(value) || /^(?:\$\{?[A-Z_]+\}?|%[A-Z_]+%)$/u.test(value)) return false;
  return true;
}

function collect(text: string): SecretFinding[] {
  const found: SecretFinding[] = [];
  for (const m of text.matchAll(PEM_PRIVATE_KEY)) {
    const block = m[0];
    const inner = block.replace(/-----(?:BEGIN|END)[^-]*-----/g, '').trim();
    if (inner === '' || isMaskOnly(inner)) continue;
    const label = `${m[1] ?? ''}PRIVATE KEY${m[2] ?? ''}`;
    found.push({
      kind: 'private_key',
      start: m.index,
      end: m.index + block.length,
      replacement: `-----BEGIN ${label}-----\n${SECRET_MASK}\n-----END ${label}-----`,
    });
  }
  for (const m of text.matchAll(PUTTY_PRIVATE_KEY)) {
    found.push({ kind: 'private_key', start: m.index, end: m.index + m[0].length, replacement: SECRET_MASK });
  }
  for (const m of text.matchAll(URL_CREDENTIALS)) {
    const password = m[1]!;
    if (isMaskOnly(password)) continue;
    const start = m.index + m[0].length - 1 - password.length;
    found.push({ kind: 'url_credentials', start, end: start + password.length, replacement: SECRET_MASK });
  }
  for (const m of text.matchAll(PASSWORD_LINE)) {
    const before = /([\p{L}]+)[^\S\n]*$/u.exec(text.slice(Math.max(0, m.index - 30), m.index))?.[1] ?? '';
    const qualifiers = [before, ...(m[1] ?? '').split(/\s+/)].map((w) => w.toLowerCase()).filter(Boolean);
    if (qualifiers.some((w) => TALK_ABOUT.has(w))) continue;
    const value = m[2]!;
    if (!isLikelyPasswordValue(value)) continue;
    const quoted = /^["']/.test(value) && value.length > 2;
    const start = m.index + m[0].length - value.length + (quoted ? 1 : 0);
    const end = m.index + m[0].length - (quoted ? 1 : 0);
    found.push({ kind: 'password', start, end, replacement: SECRET_MASK });
  }
  return found;
}

/** Everything in `text` that looks like credentials, in order, without overlaps (a key block wins over what is inside it). */
export function detectSecrets(text: string): SecretFinding[] {
  const chosen: SecretFinding[] = [];
  const bySize = collect(text).sort((a, b) => b.end - b.start - (a.end - a.start));
  for (const f of bySize) {
    if (chosen.some((c) => f.start < c.end && c.start < f.end)) continue;
    chosen.push(f);
  }
  return chosen.sort((a, b) => a.start - b.start);
}

/** The text with every finding replaced by the mask; `kinds` says what was hidden (never the values). */
export function maskSecrets(text: string): { text: string; isMasked: boolean; kinds: SecretKind[] } {
  const findings = detectSecrets(text);
  if (findings.length === 0) return { text, isMasked: false, kinds: [] };
  let out = '';
  let at = 0;
  for (const f of findings) {
    out += text.slice(at, f.start) + f.replacement;
    at = f.end;
  }
  out += text.slice(at);
  return { text: out, isMasked: true, kinds: [...new Set(findings.map((f) => f.kind))] };
}

/** Whether a stored text carries our mask, i.e. something in it was hidden on arrival. */
export function hasMaskedSecrets(text: string): boolean {
  return text.includes(SECRET_MASK);
}
