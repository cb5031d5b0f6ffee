import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CALENDAR_ISSUE_CODES } from '../../../src/modules/calendar/calendar.file.js';
import { VALIDATION_ISSUE_CODES } from '../../../src/shared/validation-issues.js';
import en from './en.json' with { type: 'json' };
import ru from './ru.json' with { type: 'json' };
import { RUSSIAN_GLOSSARY } from './glossary.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const PLURAL = /_(zero|one|two|few|many|other)$/;

type Catalogue = { [key: string]: string | Catalogue };

function flatten(catalogue: Catalogue, prefix = ''): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(catalogue)) {
    if (typeof value === 'string') found.set(`${prefix}${key}`, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) found.set(k, v);
  }
  return found;
}

function listSources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listSources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** Every problem code the server can send: each `defineError`, each problem and issue code literal, and the issue code lists. */
function collectServerCodes(): string[] {
  const codes = new Set<string>([...VALIDATION_ISSUE_CODES, ...CALENDAR_ISSUE_CODES]);
  for (const file of listSources(path.join(ROOT, 'src'))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(/defineError\(\s*'([^']+)'/g)) codes.add(match[1]!);
    for (const match of text.matchAll(/\bcode: '([a-z_]+\.[a-z_.]+)'/g)) codes.add(match[1]!);
    for (const match of text.matchAll(/readonly code = '([a-z_]+\.[a-z_.]+)'/g)) codes.add(match[1]!);
  }
  return [...codes].sort();
}

const english = flatten(en as Catalogue);
const russian = flatten(ru as Catalogue);
// A plural is a key with an `_other` form; `too_many` alone is just a name.
const pluralBases = new Set([...english.keys(), ...russian.keys()].filter((key) => key.endsWith('_other')).map((key) => key.replace(PLURAL, '')));
const isPluralForm = (key: string) => PLURAL.test(key) && pluralBases.has(key.replace(PLURAL, ''));
const base = (key: string) => (isPluralForm(key) ? key.replace(PLURAL, '') : key);
const variablesOf = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();

describe('the web app’s catalogues', () => {
  it('every key of one catalogue is in the other (plural forms by language)', () => {
    const englishBases = new Set([...english.keys()].map(base));
    const russianBases = new Set([...russian.keys()].map(base));
    expect([...englishBases].filter((key) => !russianBases.has(key))).toEqual([]);
    expect([...russianBases].filter((key) => !englishBases.has(key))).toEqual([]);
  });

  it('a Russian plural has the one, few, many and other forms', () => {
    const plurals = new Set([...russian.keys()].filter(isPluralForm).map(base));
    const missing = [...plurals].flatMap((key) =>
      ['one', 'few', 'many', 'other'].filter((form) => !russian.has(`${key}_${form}`)).map((form) => `${key}_${form}`),
    );
    expect(missing).toEqual([]);
  });

  it('both languages fill in the same values', () => {
    const differing = [...english.entries()]
      .filter(([key]) => !isPluralForm(key))
      .filter(([key, text]) => russian.has(key) && variablesOf(text).join() !== variablesOf(russian.get(key)!).join())
      .map(([key]) => key);
    expect(differing).toEqual([]);
  });

  it('every error code the server sends has words in both languages', () => {
    const codes = collectServerCodes();
    expect(codes.length).toBeGreaterThan(80);
    const missing = codes.flatMap((code) =>
      [
        ['en', english],
        ['ru', russian],
      ].flatMap(([language, catalogue]) => ((catalogue as Map<string, string>).has(`errors.${code}`) ? [] : [`${language as string}: errors.${code}`])),
    );
    expect(missing).toEqual([]);
  });

  it('Russian texts follow the glossary, in the web app and in mail', () => {
    const serverRussian = listSources(path.join(ROOT, 'src', 'modules')).flatMap((file) =>
      fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => /[а-яё]/i.test(line))
        .map((line) => [`${path.relative(ROOT, file)}`, line] as const),
    );
    const texts: (readonly [string, string])[] = [...[...russian.entries()].map(([key, text]) => [`ru.json ${key}`, text] as const), ...serverRussian];
    const found = RUSSIAN_GLOSSARY.flatMap(({ ru: preferred, avoid }) =>
      texts.flatMap(([where, text]) => avoid.filter((pattern) => pattern.test(text)).map((pattern) => `${where}: ${pattern} (say “${preferred}”)`)),
    );
    expect(found).toEqual([]);
  });
});
