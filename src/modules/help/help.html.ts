import type { HelpLanguage } from './help.models.js';

/** Escapes text for HTML content and attribute values. */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** The words of the help pages (the server renders them; the web app's catalogues are not loaded). */
export const HELP_WORDS = {
  en: {
    helpCenter: 'Help center',
    description: 'Answers to common questions about the product: installation, licenses, updates and support.',
    search: 'Search',
    searchLabel: 'Search the help center',
    searchPlaceholder: 'Describe your question',
    results: (n: number, q: string) => `${n} ${n === 1 ? 'article' : 'articles'} for “${q}”`,
    noResults: 'Nothing found. Try other words, or ask support.',
    empty: 'No articles yet.',
    account: 'Personal Account',
    newRequest: 'Ask support',
    signIn: 'Sign in',
    fallback: 'This article is not available in English yet; here it is in Russian.',
    helpful: 'Was this helpful?',
    yes: 'Yes',
    no: 'No',
    comment: 'Comment (optional)',
    send: 'Send',
    thanks: 'Thank you for your feedback.',
    stillNeedHelp: 'Still need help?',
    notFound: 'This article does not exist or is not available to you.',
    updated: 'Updated',
    home: 'Help center home',
    otherLanguage: 'Русский',
  },
  ru: {
    helpCenter: 'Справочный центр',
    description: 'Ответы на частые вопросы о продукте: установка, лицензии, обновления и поддержка.',
    search: 'Найти',
    searchLabel: 'Поиск по справочному центру',
    searchPlaceholder: 'Опишите ваш вопрос',
    results: (n: number, q: string) => `Найдено статей: ${n} по запросу «${q}»`,
    noResults: 'Ничего не найдено. Попробуйте другие слова или напишите в поддержку.',
    empty: 'Статей пока нет.',
    account: 'Личный кабинет',
    newRequest: 'Написать в поддержку',
    signIn: 'Войти',
    fallback: 'Эта статья ещё не переведена на русский язык; ниже английская версия.',
    helpful: 'Статья была полезной?',
    yes: 'Да',
    no: 'Нет',
    comment: 'Комментарий (необязательно)',
    send: 'Отправить',
    thanks: 'Спасибо за отзыв.',
    stillNeedHelp: 'Не нашли ответ?',
    notFound: 'Такой статьи нет или она вам недоступна.',
    updated: 'Обновлено',
    home: 'На главную справочного центра',
    otherLanguage: 'English',
  },
} as const;

export type HelpWords = (typeof HELP_WORDS)[HelpLanguage];

/** The page frame: head (title, description, canonical, alternates), header with search and account links. */
export function layout({
  language,
  title,
  description,
  canonical,
  alternates,
  query = '',
  isSignedIn,
  body,
  noIndex = false,
}: {
  language: HelpLanguage;
  title: string;
  description: string;
  canonical: string;
  alternates: { language: HelpLanguage; href: string }[];
  query?: string;
  isSignedIn: boolean;
  body: string;
  noIndex?: boolean;
}): string {
  const w = HELP_WORDS[language];
  const other: HelpLanguage = language === 'en' ? 'ru' : 'en';
  const otherHref = alternates.find((a) => a.language === other)?.href;
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<meta name="description" content="${esc(description)}">
<link rel="canonical" href="${esc(canonical)}">
${alternates.map((a) => `<link rel="alternate" hreflang="${a.language}" href="${esc(a.href)}">`).join('\n')}
${noIndex ? '<meta name="robots" content="noindex">\n' : ''}<link rel="stylesheet" href="/help/help.css">
</head>
<body>
<header class="top"><div class="top-inner">
<a class="brand" href="/help?lang=${language}">${esc(w.helpCenter)}</a>
${otherHref ? `<a href="${esc(otherHref)}" hreflang="${other}" lang="${other}">${esc(w.otherLanguage)}</a>` : ''}
<a href="/account">${esc(isSignedIn ? w.account : w.signIn)}</a>
</div></header>
<main>
<form class="search" role="search" method="get" action="/help/search">
<input type="hidden" name="lang" value="${language}">
<input type="search" name="q" value="${esc(query)}" aria-label="${esc(w.searchLabel)}" placeholder="${esc(w.searchPlaceholder)}" maxlength="200">
<button type="submit">${esc(w.search)}</button>
</form>
${body}
<p class="card">${esc(w.stillNeedHelp)} <a href="/account/tickets/new">${esc(w.newRequest)}</a></p>
</main>
</body>
</html>
`;
}
