import { describe, expect, it } from 'vitest';
import { toCsvText } from './csv.js';

describe('toCsvText', () => {
  it('quotes what needs quoting, ends lines with CRLF and leaves empty cells empty', () => {
    expect(
      toCsvText([
        ['name', 'note'],
        ['Анна, агент', 'said "hi"\nbye'],
        ['x', null],
      ]),
    ).toBe('name,note\r\n"Анна, агент","said ""hi""\nbye"\r\nx,\r\n');
  });

  it('defuses text a spreadsheet would run as a formula, but not negative numbers', () => {
    expect(toCsvText([['=cmd|x', '+1', '@SUM(A1)', '-2', -2, 0.123456]])).toBe("'=cmd|x,'+1,'@SUM(A1),'-2,-2,0.1235\r\n");
  });
});
