/** What a mail says, before it becomes text and HTML: both are made from this, so they never disagree. */
export interface MailContent {
  subject: string;
  greeting?: string;
  paragraphs: string[];
  /** A message quoted in full (an agent's reply, a customer's message); `html` is already sanitised. */
  quote?: { text: string; html: string };
  /** The link the mail is about, shown as a button in HTML and on its own line in text. */
  action?: { label: string; url: string };
  /** Paragraphs after the action. */
  after?: string[];
  /** Small print: why this mail came and how to turn it off. */
  footer?: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

// A name (or any other text a person typed) that a mail client would turn into a link.
const LINK_LIKE = /(?:[a-z][a-z0-9+.-]*:\/\/|www\.|[\p{L}\p{N}-]\.[\p{L}]{2,}|@|\/\/)/iu;

/**
 * A person's name as it may appear in a mail. Mail clients turn anything that looks like an
 * address into a link, so a name that looks like one ("Win a prize at evil.example") is defanged
 * the way security advisories write addresses: "evil[.]example", "hxxp[://]". Plain names stay as
 * they are (finding 4: a sign-up name must never arrive as a clickable link from our address).
 */
export function mailSafeName(name: string): string {
  if (!LINK_LIKE.test(name)) return name;
  const defanged: Record<string, string> = { '://': '[://]', '//': '[//]', '.': '[.]', '@': '[at]' };
  return name.replace(/:\/\/|\/\/|\.|@/g, (m) => defanged[m]!);
}

// Paragraph text may carry our own links (rating, preferences); in HTML those become anchors. A
// URL from anywhere else (a subject, a name) stays text.
function paragraphHtml(text: string, ownOrigin: string | null): string {
  const escaped = escapeHtml(text).replace(/\n/g, '<br>');
  if (!ownOrigin) return escaped;
  return escaped.replace(/https?:\/\/[^\s<]+/g, (url) => (url.startsWith(`${ownOrigin}/`) ? `<a href="${url}">${url}</a>` : url));
}

function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return escapeHtml(new URL(url).origin);
  } catch {
    return null;
  }
}

/** Plain text and a small, inline-styled HTML version of the same content. */
export function renderContent({ content, productName }: { content: MailContent; productName: string }): RenderedMail {
  const text: string[] = [];
  if (content.greeting) text.push(content.greeting);
  text.push(...content.paragraphs);
  if (content.quote) text.push(`-----\n${content.quote.text.trim()}\n-----`);
  if (content.action) text.push(content.action.url);
  text.push(...(content.after ?? []));
  const body = text.join('\n\n') + '\n' + (content.footer ? `\n-- \n${content.footer}\n` : '');

  const ownOrigin = originOf(content.action?.url);
  const p = (t: string) => `<p style="margin:0 0 16px">${paragraphHtml(t, ownOrigin)}</p>`;
  const html = [
    '<!doctype html>',
    `<html><head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head>`,
    '<body style="margin:0;padding:24px;background:#f5f5f5;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1f2328">',
    '<div style="max-width:600px;margin:0 auto;background:#ffffff;border-radius:6px;padding:24px">',
    `<div style="font-weight:bold;color:#57606a;margin-bottom:16px">${escapeHtml(productName)}</div>`,
    content.greeting ? `<p style="margin:0 0 16px">${escapeHtml(content.greeting)}</p>` : '',
    ...content.paragraphs.map(p),
    content.quote ? `<blockquote style="margin:0 0 16px;padding:8px 16px;border-left:4px solid #d0d7de;color:#1f2328">${content.quote.html}</blockquote>` : '',
    content.action
      ? `<p style="margin:0 0 16px"><a href="${escapeHtml(content.action.url)}" style="display:inline-block;padding:10px 18px;background:#0969da;color:#ffffff;text-decoration:none;border-radius:6px">${escapeHtml(content.action.label)}</a></p>`
      : '',
    ...(content.after ?? []).map(p),
    content.footer ? `<p style="margin:24px 0 0;font-size:12px;color:#57606a">${paragraphHtml(content.footer, ownOrigin)}</p>` : '',
    '</div></body></html>',
  ]
    .filter((line) => line !== '')
    .join('\n');
  return { subject: content.subject, text: body, html };
}
