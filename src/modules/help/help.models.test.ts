import { describe, expect, it } from 'vitest';
import { isReadable, pickTranslation, plainExcerpt, referencedImages, slugify } from './help.models.js';
import { stemForPrefix } from './help.search.js';

describe('help center rules', () => {
  it('a reader gets their language, or the other one marked as a fallback, or nothing when neither has a title', () => {
    const both = { title_en: 'Install', body_en: 'Unpack.', title_ru: 'Установка', body_ru: 'Распакуйте.' };
    expect(pickTranslation(both, 'ru')).toEqual({ language: 'ru', title: 'Установка', body: 'Распакуйте.', isFallback: false });
    expect(pickTranslation({ ...both, title_ru: null, body_ru: null }, 'ru')).toMatchObject({ language: 'en', isFallback: true });
    expect(pickTranslation({ title_en: ' ', body_en: '', title_ru: null, body_ru: null }, 'en')).toBeUndefined();
  });

  it('slugs are made from English or transliterated Russian titles', () => {
    expect(slugify('How to renew a License?')).toBe('how-to-renew-a-license');
    expect(slugify('Как продлить лицензию')).toBe('kak-prodlit-litsenziyu');
    expect(slugify('!!!')).toBe('article');
  });

  it('only published articles are readable; members-only ones need a signed-in reader', () => {
    expect(isReadable({ status: 'draft', visibility: 'public' }, { isSignedIn: true })).toBe(false);
    expect(isReadable({ status: 'published', visibility: 'customers' }, { isSignedIn: false })).toBe(false);
    expect(isReadable({ status: 'published', visibility: 'customers' }, { isSignedIn: true })).toBe(true);
  });

  it('a Russian query word loses its ending for prefix matching, keeping four letters', () => {
    expect(stemForPrefix('резервной')).toBe('резервн');
    expect(stemForPrefix('копии')).toBe('копи');
    expect(stemForPrefix('лицензию')).toBe('лиценз');
    expect(stemForPrefix('backup')).toBe('backup');
    expect(stemForPrefix('кэш')).toBe('кэш');
  });

  it('excerpts are plain text cut at a word, and image references are found', () => {
    expect(plainExcerpt('# Title\n\nSome **bold** text & more.', 20)).toBe('Title Some bold…');
    expect(referencedImages('![a](attachment:0190aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee) and [x](help:y)')).toEqual(['0190aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee']);
  });
});
