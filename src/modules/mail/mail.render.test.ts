import { describe, expect, it } from 'vitest';
import { mailSafeName } from './mail.render.js';
import { renderMail, renderTicketMail } from './mail.templates.js';

const anchors = (html: string) => [...html.matchAll(/<a\s[^>]*href="([^"]*)"/g)].map((m) => m[1]);

describe('names and links in mail', () => {
  it('plain names stay as they are', () => {
    for (const name of ['Nina Newcomer', 'Иван Петров', 'Dr. J. Smith', "O'Brien-Smith"]) expect(mailSafeName(name)).toBe(name);
  });

  it('a name that looks like an address is defanged so no mail client can link it', () => {
    expect(mailSafeName('Win at http://evil.example/login')).toBe('Win at http[://]evil[.]example/login');
    expect(mailSafeName('www.evil.example')).toBe('www[.]evil[.]example');
    expect(mailSafeName('Prize: evil.example')).toBe('Prize: evil[.]example');
    expect(mailSafeName('me@evil.example')).toBe('me[at]evil[.]example');
    expect(mailSafeName('//evil.example')).toBe('[//]evil[.]example');
  });

  it('a sign-up name with a URL arrives as text: the only link in the verification mail is ours', () => {
    const link = 'https://desk.example.test/verify-email?token=abc';
    const mail = renderMail({
      template: 'verify_email',
      language: 'en',
      data: { name: 'Claim your prize at https://evil.example/login', link, productName: 'Supportdesk' },
    });
    expect(anchors(mail.html)).toEqual([link]);
    for (const part of [mail.html, mail.text]) {
      expect(part).not.toContain('https://evil.example');
      expect(part).not.toContain('evil.example');
    }
    expect(mail.text).toContain('Hello Claim your prize at https[://]evil[.]example/login,');
  });

  it('a customer name or subject with a URL never becomes an anchor in a ticket mail; our own links still do', () => {
    const mail = renderTicketMail({
      template: 'ticket_resolved',
      language: 'ru',
      productName: 'Supportdesk',
      data: {
        name: 'http://evil.example',
        ticket: { number: 7, subject: 'See http://evil.example/x', kind: 'question' },
        link: 'https://desk.example.test/account/tickets/1',
        ratingLink: 'https://desk.example.test/account/tickets/1#rate',
        prefsLink: 'https://desk.example.test/account/notifications',
      },
    });
    expect(anchors(mail.html).every((href) => href!.startsWith('https://desk.example.test/'))).toBe(true);
    expect(anchors(mail.html)).toContain('https://desk.example.test/account/notifications');
    expect(mail.html).not.toContain('href="http://evil.example');
  });
});
