import { describe, expect, it } from 'vitest';
import { cleanSubject, collectReferences, detectAutomatic, findTicketNumber, guessLanguage, stripQuotedText, toHeaderMap } from './mail.inbound.models.js';

function headers(lines: Record<string, string>) {
  return toHeaderMap(Object.entries(lines).map(([key, value]) => ({ key, line: `${key}: ${value}` })));
}

describe('the new text of a reply', () => {
  it('drops the history below "On … wrote:", also when the client wrapped that line', () => {
    expect(stripQuotedText('Works now, thanks!\n\nOn Mon, 5 Oct 2026 at 12:00, Support <support@example.test> wrote:\n> Clear the cache.')).toBe(
      'Works now, thanks!',
    );
    expect(stripQuotedText('Works now.\n\nOn Mon, 5 Oct 2026 at 12:00, Support <support@example.test>\nwrote:\n> Clear the cache.')).toBe('Works now.');
  });

  it('drops Russian and Outlook history and the signature', () => {
    expect(stripQuotedText('Спасибо!\n\n5 окт. 2026 г., в 12:00, Поддержка <support@example.test> написал(а):\n> Очистите кэш.')).toBe('Спасибо!');
    expect(stripQuotedText('Версия 7.1.\n\nПонедельник, 5 октября 2026, 12:00 +03:00 от Поддержка <support@example.test>:\n> Какая версия?')).toBe(
      'Версия 7.1.',
    );
    expect(
      stripQuotedText('See the log.\n\nFrom: Support <support@example.test>\nSent: Monday, October 5, 2026 12:00\nTo: Ivan\nSubject: Re: [#5] Error'),
    ).toBe('See the log.');
    expect(stripQuotedText('Done.\n-- \nIvan Petrov\n+7 900 000-00-00')).toBe('Done.');
    expect(stripQuotedText('Done.\n\nSent from my iPhone')).toBe('Done.');
  });

  it('keeps answers written between quoted lines, and never empties a mail', () => {
    expect(stripQuotedText('> Which version?\n7.1\n> And PHP?\n8.3')).toBe('> Which version?\n7.1\n> And PHP?\n8.3');
    expect(stripQuotedText('> only a quote')).toBe('> only a quote');
  });
});

describe('mail written by machines', () => {
  const from = 'ivan@example.test';
  it('is recognised by its headers, its sender or its report type', () => {
    expect(detectAutomatic({ headers: headers({ 'Auto-Submitted': 'auto-replied' }), from, ownAddresses: [] })).toBe('auto-submitted');
    expect(detectAutomatic({ headers: headers({ 'Auto-Submitted': 'no' }), from, ownAddresses: [] })).toBeNull();
    expect(detectAutomatic({ headers: headers({ Precedence: 'bulk' }), from, ownAddresses: [] })).toBe('precedence');
    expect(detectAutomatic({ headers: headers({ 'X-Autoreply': 'yes' }), from, ownAddresses: [] })).toBe('auto-reply header');
    expect(detectAutomatic({ headers: headers({ 'List-Id': '<news.example.test>' }), from, ownAddresses: [] })).toBe('mailing list');
    expect(detectAutomatic({ headers: headers({ 'Return-Path': '<>' }), from, ownAddresses: [] })).toBe('bounce');
    expect(detectAutomatic({ headers: headers({ 'Content-Type': 'multipart/report; report-type=delivery-status' }), from, ownAddresses: [] })).toBe('bounce');
    expect(detectAutomatic({ headers: headers({}), from: 'mailer-daemon@mx.example.test', ownAddresses: [] })).toBe('system sender');
    expect(detectAutomatic({ headers: headers({}), from: 'no-reply@shop.example.test', ownAddresses: [] })).toBe('system sender');
    expect(detectAutomatic({ headers: headers({}), from: 'support@example.test', ownAddresses: ['support@example.test'] })).toBe('our own address');
    expect(detectAutomatic({ headers: headers({ Subject: 'Catalog error' }), from, ownAddresses: ['support@example.test'] })).toBeNull();
  });
});

describe('subjects and references', () => {
  it('a ticket subject loses reply prefixes and the ticket tag; the tag gives the number', () => {
    expect(cleanSubject('Re: RE: Fwd: [#123] Catalog error')).toBe('Catalog error');
    expect(cleanSubject('Ответ: Re[2]: Ошибка')).toBe('Ошибка');
    expect(cleanSubject(undefined)).toBe('');
    expect(findTicketNumber('Re: [#123] Catalog error')).toBe(123);
    expect(findTicketNumber('Catalog error #123')).toBeUndefined();
  });

  it('References and In-Reply-To give each Message-ID once, oldest first', () => {
    expect(collectReferences({ inReplyTo: '<b@x>', references: '<a@x> <b@x>' })).toEqual(['<a@x>', '<b@x>']);
    expect(collectReferences({ inReplyTo: 'c@x', references: ['<a@x>', '<b@x>'] })).toEqual(['<a@x>', '<b@x>', '<c@x>']);
    expect(collectReferences({})).toEqual([]);
  });

  it('a stranger writing in Cyrillic is answered in Russian', () => {
    expect(guessLanguage('Помогите')).toBe('ru');
    expect(guessLanguage('Help')).toBe('en');
  });
});
