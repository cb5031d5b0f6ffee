import type { HelpArticleStatus, HelpVisibility } from '../../db/types.js';
import { ARTICLE_STATUSES, SLUG_PATTERN, VISIBILITIES, type HelpLanguage } from './help.models.js';

/** One Markdown file of an import or export: one language of one article. */
export interface ArticleFile {
  category: string;
  section: string;
  language: HelpLanguage;
  slug: string;
  title: string;
  status: HelpArticleStatus;
  visibility: HelpVisibility;
  body: string;
}

export class ArticleFileError extends Error {}

/**
 * Reads a Markdown file with front matter (`---` lines around `key: value` pairs). Required:
 * `category`, `language` (en|ru), `slug`; optional `section` (default `general`), `title` (else
 * the first `# heading`, which then leaves the body), `status` (default published), `visibility`.
 */
export function parseArticleFile(text: string, where: string): ArticleFile {
  const match = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!match) throw new ArticleFileError(`${where}: no front matter (a "---" block with category, language and slug)`);
  const meta: Record<string, string> = {};
  for (const line of match[1]!.split(/\r?\n/)) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const pair = /^([A-Za-z_]+)\s*:\s*(.*)$/.exec(line);
    if (!pair) throw new ArticleFileError(`${where}: front matter line "${line}" is not "key: value"`);
    meta[pair[1]!.toLowerCase()] = unquote(pair[2]!.trim());
  }
  let body = match[2]!.replace(/^\s*\n/, '');
  let title = meta.title ?? '';
  if (title === '') {
    const heading = /^#\s+(.+)\n?/.exec(body);
    if (!heading) throw new ArticleFileError(`${where}: no title (front matter "title" or a first "# heading")`);
    title = heading[1]!.trim();
    body = body.slice(heading[0].length).replace(/^\s*\n/, '');
  }
  const language = meta.language;
  if (language !== 'en' && language !== 'ru') throw new ArticleFileError(`${where}: language must be en or ru`);
  for (const key of ['category', 'slug'] as const) {
    if (!meta[key] || !SLUG_PATTERN.test(meta[key])) throw new ArticleFileError(`${where}: ${key} must be lower-case letters, digits and hyphens`);
  }
  const section = meta.section ?? 'general';
  if (!SLUG_PATTERN.test(section)) throw new ArticleFileError(`${where}: section must be lower-case letters, digits and hyphens`);
  const status = (meta.status ?? 'published') as HelpArticleStatus;
  if (!ARTICLE_STATUSES.includes(status)) throw new ArticleFileError(`${where}: status must be draft, published or archived`);
  const visibility = (meta.visibility ?? 'public') as HelpVisibility;
  if (!VISIBILITIES.includes(visibility)) throw new ArticleFileError(`${where}: visibility must be public or customers`);
  return { category: meta.category!, section, language, slug: meta.slug!, title, status, visibility, body: body.trimEnd() + '\n' };
}

function unquote(value: string): string {
  if (value.length >= 2 && ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'")))) return value.slice(1, -1);
  return value;
}

/** Writes one language of an article as a Markdown file with front matter (what the import reads). */
export function serializeArticleFile(file: ArticleFile): string {
  const title = /^[\s"']|[\s]$|:/.test(file.title) ? JSON.stringify(file.title) : file.title;
  return `---
category: ${file.category}
section: ${file.section}
language: ${file.language}
slug: ${file.slug}
title: ${title}
status: ${file.status}
visibility: ${file.visibility}
---

${file.body.trimEnd()}
`;
}
