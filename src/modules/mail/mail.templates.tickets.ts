import type { TicketKind } from '../../db/types.js';
import type { Language } from '../accounts/accounts.models.js';
import type { MailContent } from './mail.render.js';

export interface TicketRef {
  number: number;
  subject: string;
  kind: TicketKind;
}
export interface Quote {
  text: string;
  html: string;
}
export interface Person {
  name: string;
  email: string;
}
/** When a reply is due, already formatted in the recipient's time zone and language; or why there is no due. */
export type DueStatement = { kind: 'due'; at: string } | { kind: 'no_target' } | { kind: 'best_effort'; guaranteedUntil: string | null };

/** The data each ticket mail needs. Links are absolute. */
export interface TicketMailData {
  ticket_received: { name: string; ticket: TicketRef; link: string; due: DueStatement; prefsLink: string };
  agent_reply: {
    name: string;
    ticket: TicketRef;
    link: string;
    agentName: string;
    reply: Quote;
    isResolved: boolean;
    /** A decline (R6): no rating; the customer may answer with better information. */
    isDeclined?: boolean;
    ratingLink: string;
    prefsLink: string;
  };
  pending_reminder: { name: string; ticket: TicketRef; link: string; prefsLink: string };
  ticket_resolved: { name: string; ticket: TicketRef; link: string; ratingLink: string; prefsLink: string };
  support_not_entitled: { name: string; subject: string; link: string; isVerified: boolean };
  unknown_sender: { subject: string; signUpLink: string };
  agent_new_ticket: { name: string; ticket: TicketRef; customer: Person; message: Quote; link: string; due: DueStatement; prefsLink: string };
  agent_customer_reply: { name: string; ticket: TicketRef; customer: Person; message: Quote; link: string; prefsLink: string };
  agent_reply_due_soon: { name: string; ticket: TicketRef; customer: Person; link: string; dueAt: string; prefsLink: string };
  agent_breached: { name: string; ticket: TicketRef; customer: Person; link: string; dueAt: string; prefsLink: string };
}
export type TicketMailTemplate = keyof TicketMailData;

type Templates = { [T in TicketMailTemplate]: Record<Language, (d: TicketMailData[T]) => MailContent> };

const KIND = {
  en: { question: 'question', problem: 'problem', emergency: 'emergency', suggestion: 'suggestion', partnership: 'partnership request' },
  ru: { question: 'вопрос', problem: 'проблема', emergency: 'авария', suggestion: 'предложение', partnership: 'предложение о сотрудничестве' },
} satisfies Record<Language, Record<TicketKind, string>>;

const tag = (t: TicketRef) => `[#${t.number}] ${t.subject}`;
const replyHint = {
  en: (t: TicketRef) => `You can answer by replying to this mail; keep [#${t.number}] in the subject.`,
  ru: (t: TicketRef) => `Можно ответить на это письмо; сохраните [#${t.number}] в теме.`,
};
const prefsFooter = {
  en: (link: string) => `Choose which mails you get: ${link}`,
  ru: (link: string) => `Выбрать, какие письма получать: ${link}`,
};
const due = {
  en: (d: DueStatement) =>
    d.kind === 'due'
      ? `We will reply by ${d.at}.`
      : d.kind === 'no_target'
        ? 'Requests of this kind have no reply deadline; we read every one and answer when we can.'
        : d.guaranteedUntil
          ? `Your guaranteed reply period ended on ${d.guaranteedUntil}, so we answer as soon as we can, after guaranteed requests. A new commercial license brings guaranteed reply times back.`
          : 'We answer as soon as we can, after guaranteed requests.',
  ru: (d: DueStatement) =>
    d.kind === 'due'
      ? `Мы ответим до ${d.at}.`
      : d.kind === 'no_target'
        ? 'У обращений этого вида нет срока ответа; мы читаем каждое и отвечаем, как только можем.'
        : d.guaranteedUntil
          ? `Гарантированный срок ответа для вас закончился ${d.guaranteedUntil}, поэтому мы ответим, как только сможем, после обращений с гарантией. Новая коммерческая лицензия вернёт гарантированные сроки ответа.`
          : 'Мы ответим, как только сможем, после обращений с гарантией.',
};

export const TICKET_TEMPLATES: Templates = {
  ticket_received: {
    en: (d) => ({
      subject: tag(d.ticket),
      greeting: `Hello ${d.name},`,
      paragraphs: [`we received your ${KIND.en[d.ticket.kind]} and gave it number #${d.ticket.number}.`, due.en(d.due)],
      action: { label: 'Open the ticket', url: d.link },
      after: [replyHint.en(d.ticket)],
      footer: prefsFooter.en(d.prefsLink),
    }),
    ru: (d) => ({
      subject: tag(d.ticket),
      greeting: `Здравствуйте, ${d.name}!`,
      paragraphs: [`Мы получили ваше обращение (${KIND.ru[d.ticket.kind]}) и присвоили ему номер №${d.ticket.number}.`, due.ru(d.due)],
      action: { label: 'Открыть обращение', url: d.link },
      after: [replyHint.ru(d.ticket)],
      footer: prefsFooter.ru(d.prefsLink),
    }),
  },
  agent_reply: {
    en: (d) => ({
      subject: tag(d.ticket),
      greeting: `Hello ${d.name},`,
      paragraphs: [`${d.agentName} replied to your ticket #${d.ticket.number}:`],
      quote: d.reply,
      action: { label: 'Open the ticket', url: d.link },
      after: [
        ...(d.isDeclined
          ? ['We could not take this ticket on as it stands. If you can give the missing details, reply: the ticket opens again and we look once more.']
          : d.isResolved
            ? [`We consider the ticket resolved. How did we do? Rate the answer: ${d.ratingLink}`]
            : []),
        replyHint.en(d.ticket),
      ],
      footer: prefsFooter.en(d.prefsLink),
    }),
    ru: (d) => ({
      subject: tag(d.ticket),
      greeting: `Здравствуйте, ${d.name}!`,
      paragraphs: [`${d.agentName} ответил(а) на ваше обращение №${d.ticket.number}:`],
      quote: d.reply,
      action: { label: 'Открыть обращение', url: d.link },
      after: [
        ...(d.isDeclined
          ? [
              'В таком виде мы не можем взять обращение в работу. Если вы можете дополнить его недостающими сведениями, ответьте: обращение откроется снова, и мы посмотрим ещё раз.',
            ]
          : d.isResolved
            ? [`Мы считаем обращение решённым. Оцените, пожалуйста, ответ: ${d.ratingLink}`]
            : []),
        replyHint.ru(d.ticket),
      ],
      footer: prefsFooter.ru(d.prefsLink),
    }),
  },
  pending_reminder: {
    en: (d) => ({
      subject: tag(d.ticket),
      greeting: `Hello ${d.name},`,
      paragraphs: [`we are waiting for your answer on ticket #${d.ticket.number}. If the question is settled, you can resolve the ticket yourself.`],
      action: { label: 'Open the ticket', url: d.link },
      after: [replyHint.en(d.ticket)],
      footer: prefsFooter.en(d.prefsLink),
    }),
    ru: (d) => ({
      subject: tag(d.ticket),
      greeting: `Здравствуйте, ${d.name}!`,
      paragraphs: [`Мы ждём вашего ответа по обращению №${d.ticket.number}. Если вопрос решён, вы можете закрыть обращение сами.`],
      action: { label: 'Открыть обращение', url: d.link },
      after: [replyHint.ru(d.ticket)],
      footer: prefsFooter.ru(d.prefsLink),
    }),
  },
  ticket_resolved: {
    en: (d) => ({
      subject: tag(d.ticket),
      greeting: `Hello ${d.name},`,
      paragraphs: [`your ticket #${d.ticket.number} is resolved. If something is still wrong, reply and we will pick it up again.`, 'How did we do?'],
      action: { label: 'Rate the answer', url: d.ratingLink },
      after: [replyHint.en(d.ticket)],
      footer: prefsFooter.en(d.prefsLink),
    }),
    ru: (d) => ({
      subject: tag(d.ticket),
      greeting: `Здравствуйте, ${d.name}!`,
      paragraphs: [`Ваше обращение №${d.ticket.number} решено. Если что-то ещё не так, ответьте, и мы продолжим.`, 'Как мы справились?'],
      action: { label: 'Оценить ответ', url: d.ratingLink },
      after: [replyHint.ru(d.ticket)],
      footer: prefsFooter.ru(d.prefsLink),
    }),
  },
  support_not_entitled: {
    en: (d) => ({
      subject: `Re: ${d.subject}`,
      greeting: `Hello ${d.name},`,
      paragraphs: [
        'we could not open a support ticket from your mail: support tickets need an active commercial license on your account.',
        d.isVerified
          ? 'Buy or renew a commercial license to open support. Suggestions and partnership requests stay open to you in the Personal Account.'
          : 'Your email address is not confirmed yet, and licenses count only once it is. Confirm it from the mail we sent when you signed up (or reset your password, which confirms it too).',
      ],
      action: { label: 'Open the Personal Account', url: d.link },
    }),
    ru: (d) => ({
      subject: `Re: ${d.subject}`,
      greeting: `Здравствуйте, ${d.name}!`,
      paragraphs: [
        'Мы не смогли открыть обращение в поддержку по вашему письму: для этого в учётной записи нужна действующая коммерческая лицензия.',
        d.isVerified
          ? 'Купите или продлите коммерческую лицензию, чтобы открыть поддержку. Идеи и предложения о сотрудничестве вы можете отправлять в личном кабинете.'
          : 'Ваш адрес почты ещё не подтверждён, а лицензии учитываются только после подтверждения. Подтвердите его по ссылке из письма о регистрации (или восстановите пароль — это тоже подтверждает адрес).',
      ],
      action: { label: 'Открыть личный кабинет', url: d.link },
    }),
  },
  unknown_sender: {
    en: (d) => ({
      subject: `Re: ${d.subject}`,
      greeting: 'Hello,',
      paragraphs: [
        'thank you for writing. We answer mail from customers with an account, and we could not find one for this address.',
        'Sign up in the Personal Account with this address, then write again (or ask there). If you already have an account under another address, write from that one.',
      ],
      action: { label: 'Sign up', url: d.signUpLink },
    }),
    ru: (d) => ({
      subject: `Re: ${d.subject}`,
      greeting: 'Здравствуйте!',
      paragraphs: [
        'Спасибо за письмо. Мы отвечаем на письма клиентов с учётной записью, а для этого адреса её нет.',
        'Зарегистрируйтесь в личном кабинете с этим адресом и напишите снова (или задайте вопрос там). Если учётная запись у вас есть под другим адресом, напишите с него.',
      ],
      action: { label: 'Зарегистрироваться', url: d.signUpLink },
    }),
  },
  agent_new_ticket: {
    en: (d) => ({
      subject: `[#${d.ticket.number}] New ${KIND.en[d.ticket.kind]}: ${d.ticket.subject}`,
      greeting: `Hello ${d.name},`,
      paragraphs: [`${d.customer.name} <${d.customer.email}> opened ${KIND.en[d.ticket.kind]} #${d.ticket.number}. ${due.en(d.due)}`],
      quote: d.message,
      action: { label: 'Open the ticket', url: d.link },
      footer: prefsFooter.en(d.prefsLink),
    }),
    ru: (d) => ({
      subject: `[#${d.ticket.number}] Новое обращение (${KIND.ru[d.ticket.kind]}): ${d.ticket.subject}`,
      greeting: `Здравствуйте, ${d.name}!`,
      paragraphs: [`${d.customer.name} <${d.customer.email}> открыл(а) обращение №${d.ticket.number} (${KIND.ru[d.ticket.kind]}). ${due.ru(d.due)}`],
      quote: d.message,
      action: { label: 'Открыть обращение', url: d.link },
      footer: prefsFooter.ru(d.prefsLink),
    }),
  },
  agent_customer_reply: {
    en: (d) => ({
      subject: `[#${d.ticket.number}] Customer replied: ${d.ticket.subject}`,
      greeting: `Hello ${d.name},`,
      paragraphs: [`${d.customer.name} replied on ticket #${d.ticket.number}:`],
      quote: d.message,
      action: { label: 'Open the ticket', url: d.link },
      footer: prefsFooter.en(d.prefsLink),
    }),
    ru: (d) => ({
      subject: `[#${d.ticket.number}] Ответ клиента: ${d.ticket.subject}`,
      greeting: `Здравствуйте, ${d.name}!`,
      paragraphs: [`${d.customer.name} ответил(а) в обращении №${d.ticket.number}:`],
      quote: d.message,
      action: { label: 'Открыть обращение', url: d.link },
      footer: prefsFooter.ru(d.prefsLink),
    }),
  },
  agent_reply_due_soon: {
    en: (d) => ({
      subject: `[#${d.ticket.number}] Reply due soon: ${d.ticket.subject}`,
      greeting: `Hello ${d.name},`,
      paragraphs: [`a reply to ${d.customer.name} on ticket #${d.ticket.number} is due by ${d.dueAt}.`],
      action: { label: 'Open the ticket', url: d.link },
      footer: prefsFooter.en(d.prefsLink),
    }),
    ru: (d) => ({
      subject: `[#${d.ticket.number}] Скоро срок ответа: ${d.ticket.subject}`,
      greeting: `Здравствуйте, ${d.name}!`,
      paragraphs: [`Ответить клиенту ${d.customer.name} по обращению №${d.ticket.number} нужно до ${d.dueAt}.`],
      action: { label: 'Открыть обращение', url: d.link },
      footer: prefsFooter.ru(d.prefsLink),
    }),
  },
  agent_breached: {
    en: (d) => ({
      subject: `[#${d.ticket.number}] Reply overdue: ${d.ticket.subject}`,
      greeting: `Hello ${d.name},`,
      paragraphs: [`the reply to ${d.customer.name} on ticket #${d.ticket.number} was due by ${d.dueAt} and is now overdue.`],
      action: { label: 'Open the ticket', url: d.link },
      footer: prefsFooter.en(d.prefsLink),
    }),
    ru: (d) => ({
      subject: `[#${d.ticket.number}] Срок ответа истёк: ${d.ticket.subject}`,
      greeting: `Здравствуйте, ${d.name}!`,
      paragraphs: [`Ответ клиенту ${d.customer.name} по обращению №${d.ticket.number} нужно было дать до ${d.dueAt}; срок истёк.`],
      action: { label: 'Открыть обращение', url: d.link },
      footer: prefsFooter.ru(d.prefsLink),
    }),
  },
};
