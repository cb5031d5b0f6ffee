import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../api/client.js';
import en from './en.json' with { type: 'json' };
import ru from './ru.json' with { type: 'json' };

export const LANGUAGES: readonly Language[] = ['en', 'ru'];
const STORAGE_KEY = 'supportdesk.language';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}

export function isLanguage(value: unknown): value is Language {
  return value === 'en' || value === 'ru';
}

/** The first of the browser's preferred languages that we speak (ru* → ru, en* → en); English otherwise. */
export function detectLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'ru') return 'ru';
    if (base === 'en') return 'en';
  }
  return 'en';
}

function readStoredLanguage(): Language | null {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : null;
  } catch {
    return null; // storage can be off (private mode, policies); detection still works
  }
}

function storeLanguage(language: Language): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Not remembered across visits, but the page still switches; nothing to tell the person.
  }
}

/** The language to start in: the one chosen before in this browser, else the browser's own. */
export function initialLanguage(): Language {
  return readStoredLanguage() ?? detectLanguage(navigator.languages.length > 0 ? navigator.languages : [navigator.language]);
}

/** The current UI language. */
export function currentLanguage(): Language {
  return isLanguage(i18next.resolvedLanguage) ? i18next.resolvedLanguage : 'en';
}

/** Switches the UI and remembers the choice in this browser. */
export async function applyLanguage(language: Language): Promise<void> {
  storeLanguage(language);
  if (i18next.language !== language) await i18next.changeLanguage(language);
}

function syncDocumentLanguage(language: string): void {
  document.documentElement.lang = language;
}

/** Starts i18next with both languages bundled (they are small; no loading flash). */
export async function setUpI18n(): Promise<typeof i18next> {
  i18next.on('languageChanged', syncDocumentLanguage);
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, ru: { translation: ru } },
    lng: initialLanguage(),
    fallbackLng: 'en',
    supportedLngs: LANGUAGES,
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  syncDocumentLanguage(i18next.language);
  return i18next;
}
