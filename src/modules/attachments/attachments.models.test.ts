import { describe, expect, it } from 'vitest';
import { contentDisposition, createContentInspector, looksLikeMarkup, sanitizeFileName, sniffBinaryType } from './attachments.models.js';

const bytes = (...values: (number | string)[]) =>
  Uint8Array.from(values.flatMap((v) => (typeof v === 'string' ? [...v].map((c) => c.charCodeAt(0)) : [v])).concat(Array<number>(32).fill(0)));

function inspect(fileName: string, chunks: (string | Uint8Array)[], claimedType?: string) {
  const inspector = createContentInspector({ fileName, claimedType });
  for (const chunk of chunks) inspector.update(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return inspector.verdict();
}

describe('attachment types', () => {
  it.each([
    ['image/png', bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a)],
    ['image/jpeg', bytes(0xff, 0xd8, 0xff, 0xe0)],
    ['image/gif', bytes('GIF89a')],
    ['image/gif', bytes('GIF87a')],
    ['image/webp', bytes('RIFF', 0x24, 0, 0, 0, 'WEBPVP8 ')],
    ['application/pdf', bytes('%PDF-1.7')],
    ['application/zip', bytes('PK', 3, 4)],
    ['application/zip', bytes('PK', 5, 6)],
  ])('%s is recognised by its magic bytes', (type, head) => {
    expect(sniffBinaryType(head)).toBe(type);
    expect(inspect('file.bin', [head])).toEqual({ isAllowed: true, contentType: type });
  });

  it('a RIFF file that is not WebP (a WAV) is not an image', () => {
    expect(sniffBinaryType(bytes('RIFF', 0x24, 0, 0, 0, 'WAVEfmt '))).toBeNull();
  });

  it('UTF-8 text under a text extension is accepted with the type of that extension, even across chunk boundaries', () => {
    const cyrillic = Buffer.from('Ошибка в каталоге\n');
    expect(inspect('error.log', [cyrillic.subarray(0, 3), cyrillic.subarray(3)])).toEqual({ isAllowed: true, contentType: 'text/plain' });
    expect(inspect('orders.csv', ['id,sum\n1,2\n'])).toEqual({ isAllowed: true, contentType: 'text/csv' });
    expect(inspect('data.json', ['{"a":1}'])).toEqual({ isAllowed: true, contentType: 'application/json' });
    expect(inspect('feed.xml', ['<?xml version="1.0"?><items/>'])).toEqual({ isAllowed: true, contentType: 'application/xml' });
    expect(inspect('README', ['plain words'], 'text/plain')).toEqual({ isAllowed: true, contentType: 'text/plain' });
  });

  it('text is refused without a text extension, with a NUL byte, with invalid or cut-off UTF-8, or when empty', () => {
    expect(inspect('notes.md', ['# title'])).toMatchObject({ isAllowed: false });
    expect(inspect('README', ['plain words'], 'application/octet-stream')).toMatchObject({ isAllowed: false });
    expect(inspect('a.txt', ['abc\u0000def'])).toMatchObject({ isAllowed: false });
    expect(inspect('a.txt', [Uint8Array.from([0x61, 0xff, 0x62])])).toMatchObject({ isAllowed: false });
    expect(inspect('a.txt', [Buffer.from('Ош').subarray(0, 3)])).toMatchObject({ isAllowed: false });
    expect(inspect('a.txt', [])).toEqual({ isAllowed: false, reason: 'empty' });
  });

  it('dangerous names are refused whatever the bytes', () => {
    expect(inspect('x.html', [bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a)])).toMatchObject({ isAllowed: false });
    expect(inspect('x.svg', ['hello'])).toMatchObject({ isAllowed: false });
  });

  it('refuses early, before the end, when the bytes can be neither', () => {
    const inspector = createContentInspector({ fileName: 'setup.exe' });
    expect(inspector.early()).toMatchObject({ isAllowed: false });
    const binary = createContentInspector({ fileName: 'a.txt' });
    binary.update(bytes('MZ', 0x90, 0, 3));
    expect(binary.early()).toMatchObject({ isAllowed: false });
    const text = createContentInspector({ fileName: 'a.txt' });
    text.update(Buffer.from('a perfectly ordinary line of text'));
    expect(text.early()).toBeNull();
  });

  it.each([
    ['<!DOCTYPE html><p>hi', true],
    ['\uFEFF  \n<html lang="en">', true],
    ['<p>hello', true],
    ['<svg xmlns="http://www.w3.org/2000/svg"/>', true],
    ['<?xml version="1.0"?><svg>', true],
    ['<?xml version="1.0"?><root xmlns:h="http://www.w3.org/1999/xhtml"/>', true],
    ['2026-11-27 error <script>x</script>', true],
    ['<?xml version="1.0"?><orders><order id="1"/></orders>', false],
    ['a < b and b > c; <pre is not a tag we know', false],
    ['{"html": "<b>"}', false],
  ])('markup detection: %j → %s', (text, expected) => {
    expect(looksLikeMarkup(text)).toBe(expected);
  });
});

describe('file names', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\me\\report.pdf', 'report.pdf'],
    ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['bell\u0007\nname.txt', 'bellname.txt'],
    ['  ..hidden.txt. ', 'hidden.txt'],
    ['what?.txt', 'what_.txt'],
    ['..', 'attachment'],
    ['', 'attachment'],
    ['Скриншот.png', 'Скриншот.png'],
  ])('%j becomes %j', (raw, expected) => {
    expect(sanitizeFileName(raw)).toBe(expected);
  });

  it('a long name is cut to 200 characters, keeping its extension and whole characters', () => {
    const name = sanitizeFileName(`${'я'.repeat(250)}.pdf`);
    expect(Array.from(name)).toHaveLength(200);
    expect(name.endsWith('я.pdf')).toBe(true);
    const emoji = sanitizeFileName(`${'😀'.repeat(300)}`);
    expect(Array.from(emoji)).toHaveLength(200);
    expect(emoji).not.toMatch(/[\uD800-\uDBFF]$/);
  });

  it('Content-Disposition carries an ASCII fallback and the exact name in RFC 5987 form', () => {
    expect(contentDisposition('Отчёт (итог) 100%.pdf')).toBe(
      `attachment; filename="_____ (____) 100_.pdf"; filename*=UTF-8''%D0%9E%D1%82%D1%87%D1%91%D1%82%20%28%D0%B8%D1%82%D0%BE%D0%B3%29%20100%25.pdf`,
    );
    expect(contentDisposition("it's.txt")).toBe(`attachment; filename="it's.txt"; filename*=UTF-8''it%27s.txt`);
  });
});
