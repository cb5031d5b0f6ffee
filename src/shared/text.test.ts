import { describe, expect, it } from 'vitest';
import { cleanLabel, hasBidiControls } from './text.js';

describe('labels people type', () => {
  it('right-to-left overrides and isolates are removed, so a name reads as what it is', () => {
    const spoofed = 'invoice\u202Efdp.exe';
    expect(hasBidiControls(spoofed)).toBe(true);
    expect(cleanLabel(spoofed)).toBe('invoicefdp.exe');
    expect(cleanLabel('\u2067Admin\u2069 \u202Bteam\u202C')).toBe('Admin team');
  });

  it('control characters and line breaks become single spaces; ordinary text of any script stays', () => {
    expect(cleanLabel(' Nina\tNew\r\ncomer\u0000 ')).toBe('Nina New comer');
    expect(cleanLabel('Иван Петров')).toBe('Иван Петров');
    expect(cleanLabel('שלום עולם')).toBe('שלום עולם');
  });
});
