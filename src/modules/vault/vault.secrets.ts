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
// Words that introduce a password: English, Russian (any case ending), API credentials, bare
// "secret"/"token", and "p a s s w o r d" spelled out with single spaces, dots or dashes.
const SPACED_PASSWORD = String.raw`p[ .\-]a[ .\-]s[ .\-]s[ .\-]w[ .\-]o[ .\-]r[ .\-]d`;
const LABEL = String.raw`(?:passwords?|passwd|passphrase|pwd|pass|парол\p{L}*|(?:api|secret|access|auth)[ _-]?(?:key|token)|client[ _-]?secret|secret|token|${SPACED_PASSWORD})`;
// "password for the ftp user:", "пароль от хостинга:": at most three short words in between.
const QUALIFIERS = String.raw`((?:[^\S\n]+[^\s:=]{1,20}){0,3})`;
// ":", "=", or a spaced dash ("пароль — …"), then maybe Markdown emphasis ("**Password:** …").
const SEPARATOR = String.raw`[^\S\n]*["']?[^\S\n]*(?:[:=]|[^\S\n][-–—](?=[^\S\n]))[^\S\n]*(?:[*_]{1,3}[^\S\n]*)?`;
const VALUE = String.raw`("[^"\n]+"|'[^'\n]+'|[^\s"']\S*)`;
const PASSWORD_LINE = new RegExp(`${NOT_WORD_BEFORE}${LABEL}${NOT_WORD_AFTER}${QUALIFIERS}${SEPARATOR}${VALUE}`, 'giu');
// "Password:" alone at the end of a line, the value alone on the next one.
const PASSWORD_NEXT_LINE = new RegExp(
  `${NOT_WORD_BEFORE}${LABEL}${NOT_WORD_AFTER}${QUALIFIERS}[^\\S\\n]*["']?[^\\S\\n]*[:=][^\\S\\n]*(?:[*_]{1,3}[^\\S\\n]*)?\\r?\\n[^\\S\\n]*([^\\s"']\\S*)[^\\S\\n]*(?=\\r?\\n|$)`,
  'giu',
);
// "my password is hunter22", "пароль такой Qwerty12", "passwd Secr3t!": no separator, so the value
// must look like a password (see isPasswordShaped).
const PASSWORD_PHRASE = new RegExp(
  `${NOT_WORD_BEFORE}${LABEL}${NOT_WORD_AFTER}[^\\S\\n]+(?:(?:is|was|will be|is now|будет|это|такой|теперь)[^\\S\\n]*[:=-]?[^\\S\\n]*)?${VALUE}`,
  'giu',
);
// "login root / pass hunter22", "user admin, password Secr3t": a user name first, then the password.
const LOGIN_THEN_PASSWORD = new RegExp(
  `(?:login|user(?:name)?|логин|пользователь)[^\\S\\n]*[:=]?[^\\S\\n]*\\S+[^\\S\\n]*[/,;|][^\\S\\n]*${LABEL}${NOT_WORD_AFTER}[^\\S\\n]*[:=]?[^\\S\\n]*${VALUE}`,
  'giu',
);
// Command lines that carry a password: mysql -pSECRET (no space), sshpass -p SECRET.
const COMMAND_PASSWORDS = [/\bmysql(?:dump|admin|import|check)?\b[^\n]*?[^\S\n]-p(?!\s)(\S+)/giu, /\bsshpass\b[^\n]*?[^\S\n]-p[^\S\n]*(\S+)/giu];
// user:password@host without a scheme, for an IP address or a well-known administrative user.
const BARE_CREDENTIALS =
  /(?<![\p{L}\p{N}_.:/@-])(?:(?:root|admin|administrator|ubuntu|deploy|postgres|sa|www-data|ftp|ftpuser)|[\w.-]{1,32}(?=:[^\s:/@]+@\d{1,3}(?:\.\d{1,3}){3}\b)):([^\s:/@]+)@(?=[\p{L}\p{N}[])/giu;

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
  'expired',
  'invalid',
  'wrong',
  'incorrect',
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

// Words that follow "password is" in talk about a password rather than in giving one.
const PHRASE_WORDS = new Set([
  'wrong',
  'incorrect',
  'invalid',
  'correct',
  'right',
  'expired',
  'blocked',
  'locked',
  'changed',
  'reset',
  'not',
  'too',
  'the',
  'same',
  'working',
  'required',
  'неверный',
  'не',
  'правильный',
  'тот',
  'такой',
]);

/** For forms without a separator: the value must look like a password (a digit, a symbol, or mixed case). */
function isPasswordShaped(raw: string): boolean {
  // "Password policy: strong": a word ending in a colon labels something else.
  if (/:$/.test(raw)) return false;
  const value = raw.replace(/^["']|["']$/g, '').replace(/[.,;!?)]+$/u, '');
  const word = value.toLowerCase();
  if (value.length < 6 || value.startsWith('-') || PHRASE_WORDS.has(word) || TALK_ABOUT.has(word)) return false;
  return /\p{N}/u.test(value) || /[^\p{L}\p{N}]/u.test(value) || (/\p{Lu}/u.test(value.slice(1)) && /\p{Ll}/u.test(value));
}

/**
 * The text as the patterns read it, with a map back to the original: full-width and other
 * compatibility forms folded (ｐａｓｓｗｏｒｄ → password), zero-width characters and soft hyphens
 * dropped (pass\u200Bword → password). `at[i]` is where normalised character i came from.
 */
function normalise(text: string): { text: string; at: number[] } {
  let out = '';
  const at: number[] = [];
  let i = 0;
  for (const ch of text) {
    if (!/[\u00AD\u200B-\u200D\u2060\uFEFF]/u.test(ch)) {
      const folded = ch.normalize('NFKC');
      for (let k = 0; k < folded.length; k++) at.push(i);
      out += folded;
    }
    i += ch.length;
  }
  at.push(text.length);
  return { text: out, at };
}

function collect(original: string): SecretFinding[] {
  const { text, at } = normalise(original);
  // A span of the normalised text, as a span of the original.
  const span = (start: number, end: number) => ({ start: at[start]!, end: end > start ? at[end - 1]! + codePointLength(original, at[end - 1]!) : at[start]! });
  const found: SecretFinding[] = [];
  const push = (kind: SecretKind, start: number, end: number, replacement: string) => found.push({ kind, ...span(start, end), replacement });
  collectOn(text, push);
  return found;
}

function codePointLength(text: string, index: number): number {
  const code = text.codePointAt(index);
  return code !== undefined && code > 0xffff ? 2 : 1;
}

/** Whether "talk" words ("reset", "forgot") stand right before the label or among its qualifiers. */
function isTalk(text: string, m: RegExpMatchArray, qualifiers: string): boolean {
  const before = /([\p{L}]+)[^\S\n]*$/u.exec(text.slice(Math.max(0, m.index! - 30), m.index))?.[1] ?? '';
  return [before, ...qualifiers.split(/\s+/)]
    .map((w) => w.toLowerCase())
    .filter(Boolean)
    .some((w) => TALK_ABOUT.has(w));
}

/** The value's span in the match: its last `value.length` characters, quotes excluded. */
function valueSpan(m: RegExpMatchArray, value: string): [number, number] {
  const quoted = /^["']/.test(value) && value.length > 2;
  const start = m.index! + m[0].length - value.length + (quoted ? 1 : 0);
  return [start, m.index! + m[0].length - (quoted ? 1 : 0)];
}

function collectOn(text: string, push: (kind: SecretKind, start: number, end: number, replacement: string) => void): void {
  for (const m of text.matchAll(PEM_PRIVATE_KEY)) {
    const block = m[0];
    const inner = block.replace(/-----(?:BEGIN|END)[^-]*-----/g, '').trim();
    if (inner === '' || isMaskOnly(inner)) continue;
    const label = `${m[1] ?? ''}PRIVATE KEY${m[2] ?? ''}`;
    push('private_key', m.index, m.index + block.length, `-----BEGIN ${label}-----\n${SECRET_MASK}\n-----END ${label}-----`);
  }
  for (const m of text.matchAll(PUTTY_PRIVATE_KEY)) push('private_key', m.index, m.index + m[0].length, SECRET_MASK);
  for (const pattern of [URL_CREDENTIALS, BARE_CREDENTIALS]) {
    for (const m of text.matchAll(pattern)) {
      const password = m[1]!;
      if (isMaskOnly(password)) continue;
      const start = m.index + m[0].length - 1 - password.length;
      push('url_credentials', start, start + password.length, SECRET_MASK);
    }
  }
  for (const m of text.matchAll(PASSWORD_LINE)) {
    const value = m[2]!;
    if (isTalk(text, m, m[1] ?? '') || !isLikelyPasswordValue(value)) continue;
    push('password', ...valueSpan(m, value), SECRET_MASK);
  }
  for (const m of text.matchAll(PASSWORD_NEXT_LINE)) {
    const value = m[2]!;
    if (isTalk(text, m, m[1] ?? '') || !isLikelyPasswordValue(value)) continue;
    push('password', ...valueSpan(m, value), SECRET_MASK);
  }
  for (const pattern of [PASSWORD_PHRASE, LOGIN_THEN_PASSWORD]) {
    for (const m of text.matchAll(pattern)) {
      const value = m[1]!;
      if (isTalk(text, m, '') || !isLikelyPasswordValue(value) || !isPasswordShaped(value)) continue;
      push('password', ...valueSpan(m, value), SECRET_MASK);
    }
  }
  for (const pattern of COMMAND_PASSWORDS) {
    for (const m of text.matchAll(pattern)) {
      const value = m[1]!;
      if (isMaskOnly(value)) continue;
      push('password', ...valueSpan(m, value), SECRET_MASK);
    }
  }
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
