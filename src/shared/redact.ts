/** What replaces a credential in any text we print or log. */
export const REDACTED = '[redacted]';

// scheme://user:password@host: the password part (user names stay, they help to find the setting).
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s"']*):([^@/?#\s"']*)@/gi;
// key=value credentials in connection strings and query strings (postgres://h/db?password=x, sslkey=...).
const KEY_VALUE_SECRET = /\b(password|passwd|pwd|sslpassword|token|secret|api_?key)=([^&\s"';]+)/gi;

/**
 * Takes credentials out of a line of text: the password of any URL (`postgres://u:[redacted]@h`),
 * `password=…`-style pairs, and every literal secret given (an SMTP password, the vault key). A
 * secret shorter than 4 characters is left alone: replacing it would garble the line and hide nothing.
 */
export function redactCredentials(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(URL_PASSWORD, (_match, head: string) => `${head}:${REDACTED}@`).replace(KEY_VALUE_SECRET, (_m, key: string) => `${key}=${REDACTED}`);
  for (const secret of secrets) {
    if (secret.length >= 4 && out.includes(secret)) out = out.replaceAll(secret, REDACTED);
  }
  return out;
}

/**
 * The literal secrets inside configuration values, to be redacted wherever they might appear: the
 * passwords of URLs (raw and percent-decoded), and values that are secrets whole.
 */
export function collectSecrets({ urls = [], values = [] }: { urls?: readonly string[]; values?: readonly string[] }): string[] {
  const secrets = new Set<string>();
  for (const value of values) {
    for (const part of value.split(/[\s,]+/)) if (part.trim()) secrets.add(part.trim());
  }
  for (const url of urls) {
    const match = /^[a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:([^@/?#\s]*)@/i.exec(url);
    if (!match?.[1]) continue;
    secrets.add(match[1]);
    try {
      secrets.add(decodeURIComponent(match[1]));
    } catch {
      // A malformed escape: the raw form above is all there is.
    }
  }
  return [...secrets].filter((s) => s.length >= 4);
}
