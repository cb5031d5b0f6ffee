/**
 * The one Russian glossary of the product: the word every Russian text uses for each idea, in the
 * web app, in mail and in errors alike, and the words it must not use instead. The catalogue test
 * (catalogues.test.ts) fails on any avoided word in ru.json or in the server's Russian mail.
 */
export const RUSSIAN_GLOSSARY: readonly { en: string; ru: string; avoid: readonly RegExp[] }[] = [
  { en: 'ticket, request', ru: 'обращение', avoid: [/заявк/i, /тикет/i] },
  { en: 'customer', ru: 'клиент', avoid: [/кастомер/i, /заказчик/i] },
  { en: 'agent', ru: 'сотрудник поддержки', avoid: [/агент/i, /оператор/i, /саппорт/i] },
  { en: 'support', ru: 'поддержка', avoid: [/техподдержк/i] },
  { en: 'admin', ru: 'администратор', avoid: [/админ\b/i] },
  { en: 'Personal Account', ru: 'личный кабинет', avoid: [/персональный кабинет/i] },
  { en: 'question, problem, emergency', ru: 'вопрос, проблема, авария', avoid: [/инцидент/i] },
  { en: 'suggestion', ru: 'предложение', avoid: [/пожелани/i] },
  { en: 'partnership request', ru: 'предложение о сотрудничестве', avoid: [/запрос\S* о сотрудничестве/i] },
  { en: 'reply target, due', ru: 'срок ответа', avoid: [/\bSLA\b/] },
  { en: 'business hours, business calendar', ru: 'рабочие часы, рабочий календарь', avoid: [/бизнес-час/i] },
  { en: 'best effort', ru: 'без гарантированного срока', avoid: [/по возможности/i] },
  { en: 'resolved, closed, declined', ru: 'решено, закрыто, отклонено', avoid: [/отказано в обращении/i] },
  { en: "customer's turn", ru: 'ждём ответа клиента', avoid: [/ход клиента/i] },
  { en: 'asked by (a person or support)', ru: 'кто запросил', avoid: [/запросил\(а\)/i] },
  { en: 'vault, access details', ru: 'хранилище, данные доступа', avoid: [/креденшел/i, /креды/i] },
  { en: 'canned response', ru: 'шаблон ответа', avoid: [/заготовк/i] },
];
