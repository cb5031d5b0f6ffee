import { describe, expect, it } from 'vitest';
import { fillPlaceholders, formatDue, pickBody, renderCanned, unknownPlaceholders } from './canned.models.js';

const MONDAY_19_MOSCOW = Date.parse('2026-11-30T16:00:00Z');

describe('canned response rendering', () => {
  it("a due time reads in the customer's zone and language", () => {
    expect(formatDue({ at: MONDAY_19_MOSCOW, timeZone: 'Europe/Moscow', language: 'en' })).toBe('Mon 30 Nov, 19:00 GMT+3');
    expect(formatDue({ at: MONDAY_19_MOSCOW, timeZone: 'Europe/Moscow', language: 'ru' })).toBe('пн, 30 нояб., 19:00 GMT+3');
    expect(formatDue({ at: MONDAY_19_MOSCOW, timeZone: 'Asia/Vladivostok', language: 'en' })).toBe('Tue 1 Dec, 02:00 GMT+10');
  });

  it('no due time reads as best effort', () => {
    expect(formatDue({ at: null, timeZone: 'Europe/Moscow', language: 'en' })).toBe('best effort');
    expect(formatDue({ at: null, timeZone: 'Europe/Moscow', language: 'ru' })).toBe('без гарантированного срока');
  });

  it('fills every known placeholder, spaces inside braces allowed, and leaves unknown ones visible', () => {
    const text = fillPlaceholders({ template: 'Hi {{ customer.name }}, {{customer.nickname}} {{customer.name}}!', values: { 'customer.name': 'Anna' } });
    expect(text).toBe('Hi Anna, {{customer.nickname}} Anna!');
    expect(unknownPlaceholders('{{customer.nickname}} {{ticket.number}} {{ customer.nickname }} {{agent.phone}}')).toEqual([
      'customer.nickname',
      'agent.phone',
    ]);
  });

  it("picks the customer's language and falls back to the other when that text is empty", () => {
    expect(pickBody({ bodies: { en: 'Hello', ru: 'Привет' }, language: 'ru' })).toBe('Привет');
    expect(pickBody({ bodies: { en: 'Hello', ru: '  ' }, language: 'ru' })).toBe('Hello');
  });

  it('renders a reply for one ticket in both languages', () => {
    const bodies = {
      en: 'Dear {{customer.name}}, about #{{ticket.number}} "{{ticket.subject}}": we reply by {{ticket.replyDueAt}}. {{agent.name}}',
      ru: 'Здравствуйте, {{customer.name}}! По обращению №{{ticket.number}} «{{ticket.subject}}» ответим до {{ticket.replyDueAt}}. {{agent.name}}',
    };
    const ticket = { number: 42, subject: 'Catalog error', replyDueAt: MONDAY_19_MOSCOW };
    const agent = { name: 'Oleg' };
    expect(renderCanned({ bodies, customer: { name: 'Anna', language: 'en', timeZone: 'Europe/Moscow' }, ticket, agent })).toEqual({
      body: 'Dear Anna, about #42 "Catalog error": we reply by Mon 30 Nov, 19:00 GMT+3. Oleg',
      language: 'en',
    });
    expect(
      renderCanned({ bodies, customer: { name: 'Анна', language: 'ru', timeZone: 'Europe/Moscow' }, ticket: { ...ticket, replyDueAt: null }, agent }).body,
    ).toBe('Здравствуйте, Анна! По обращению №42 «Catalog error» ответим до без гарантированного срока. Oleg');
  });

  it('a value that looks like a placeholder is not filled again', () => {
    const { body } = renderCanned({
      bodies: { en: '{{customer.name}} / {{agent.name}}', ru: '' },
      customer: { name: '{{agent.name}}', language: 'en', timeZone: 'UTC' },
      ticket: { number: 1, subject: 's', replyDueAt: null },
      agent: { name: 'Oleg' },
    });
    expect(body).toBe('{{agent.name}} / Oleg');
  });
});
