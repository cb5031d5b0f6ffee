import { sql } from 'kysely';
import type { DbOrTrx, DialectName } from '../../db/database.js';
import type { HelpArticle } from '../../db/types.js';
import { extractSearchTerms } from '../tickets/tickets.search.js';
import { plainExcerpt } from './help.models.js';

const fold = (text: string) => text.replace(/ё/g, 'е').replace(/Ё/g, 'Е');
const MAX_INDEXED_CHARS = 100_000;

/**
 * Rewrites an article's search document: both languages' titles and bodies (as plain text), so a
 * reader finds it in either. Only published articles have one; others are removed from the index.
 */
export async function indexArticle({ db, dialect, article }: { db: DbOrTrx; dialect: DialectName; article: HelpArticle }): Promise<void> {
  await removeArticleFromIndex({ db, dialect, article });
  if (article.status !== 'published') return;
  const title = fold([article.title_en, article.title_ru].filter(Boolean).join('\n'));
  const body = fold(
    [article.body_en, article.body_ru]
      .filter((b): b is string => Boolean(b))
      .map((b) => plainExcerpt(b, MAX_INDEXED_CHARS))
      .join('\n'),
  );
  if (dialect === 'postgres') {
    await sql`insert into help_search (article_id, doc)
      values (${article.id}, setweight(to_tsvector('russian', ${title}), 'A') || setweight(to_tsvector('russian', ${body}), 'B'))`.execute(db);
  } else {
    await sql`insert into help_search (rowid, title, body) values (${article.number}, ${title}, ${body})`.execute(db);
  }
}

export async function removeArticleFromIndex({ db, dialect, article }: { db: DbOrTrx; dialect: DialectName; article: Pick<HelpArticle, 'id' | 'number'> }) {
  if (dialect === 'postgres') await sql`delete from help_search where article_id = ${article.id}`.execute(db);
  else await sql`delete from help_search where rowid = ${article.number}`.execute(db);
}

// Russian endings, longest first. SQLite's FTS5 has no Russian stemmer: a query word loses its
// ending and matches as a prefix ("резервной" finds "резервная"). The stem keeps four letters.
const RUSSIAN_ENDINGS = [
  'ами',
  'ями',
  'ого',
  'его',
  'ому',
  'ему',
  'ыми',
  'ими',
  'ой',
  'ей',
  'ий',
  'ый',
  'ая',
  'яя',
  'ое',
  'ее',
  'ые',
  'ие',
  'ов',
  'ев',
  'ам',
  'ям',
  'ах',
  'ях',
  'ом',
  'ем',
  'ую',
  'юю',
  'ию',
  'ия',
  'ии',
  'а',
  'я',
  'о',
  'е',
  'ы',
  'и',
  'у',
  'ю',
  'ь',
  'й',
];

/** A Russian word without its ending, for prefix matching; other words as they are. */
export function stemForPrefix(term: string): string {
  if (!/^[а-я]+$/.test(term)) return term;
  for (const ending of RUSSIAN_ENDINGS) if (term.endsWith(ending) && term.length - ending.length >= 4) return term.slice(0, -ending.length);
  return term;
}

/**
 * Ids of published articles matching every word of `query` (as a word prefix, and on PostgreSQL
 * also as a stem), best first: title matches weigh more than body matches.
 */
export async function searchArticleIds({
  db,
  dialect,
  query,
  limit,
  match = 'all',
}: {
  db: DbOrTrx;
  dialect: DialectName;
  query: string;
  limit: number;
  /** `any`: articles with at least one of the words, best first (suggestions while typing). */
  match?: 'all' | 'any';
}): Promise<string[]> {
  const terms = extractSearchTerms(query);
  if (terms.length === 0) return [];
  const joiner = match === 'all' ? ' && ' : ' || ';
  if (dialect === 'postgres') {
    const stem = (t: string) => sql`to_tsquery('russian', ${`${t}:*`})`;
    const plain = (t: string) => sql`to_tsquery('simple', ${`${t}:*`})`;
    const words = sql.join(
      terms.map((t) => sql`(case when numnode(${stem(t)}) = 0 then ${stem(t)} else ${stem(t)} || ${plain(t)} end)`),
      sql.raw(joiner),
    );
    const tsquery = sql`(case when numnode(${words}) = 0 then ${sql.join(terms.map(plain), sql.raw(joiner))} else ${words} end)`;
    const { rows } = await sql<{ article_id: string }>`select article_id from help_search where doc @@ ${tsquery}
      order by ts_rank(doc, ${tsquery}) desc, article_id limit ${limit}`.execute(db);
    return rows.map((r) => r.article_id);
  }
  const expression = terms.map((t) => `"${stemForPrefix(t)}"*`).join(match === 'all' ? ' AND ' : ' OR ');
  const { rows } = await sql<{ id: string }>`select a.id from (select rowid as n, bm25(help_search, 5.0, 1.0) as rank from help_search
      where help_search match ${expression} order by rank limit ${limit}) s join help_articles a on a.number = s.n order by s.rank`.execute(db);
  return rows.map((r) => r.id);
}
