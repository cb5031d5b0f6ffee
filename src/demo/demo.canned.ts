/** Shared canned responses of the demo desk, in both languages, with placeholders filled per customer. */
export const DEMO_CANNED: { title: string; bodyEn: string; bodyRu: string }[] = [
  {
    title: 'Greeting: we are looking into it',
    bodyEn:
      'Hello {{customer.name}},\n\nthank you for your message. We are looking into ticket #{{ticket.number}} and will reply by {{ticket.replyDueAt}}.\n\n{{agent.name}}',
    bodyRu:
      'Здравствуйте, {{customer.name}}!\n\nСпасибо за обращение. Мы разбираемся с обращением №{{ticket.number}} и ответим до {{ticket.replyDueAt}}.\n\n{{agent.name}}',
  },
  {
    title: 'Ask for version and error log',
    bodyEn: 'Could you tell us which version you run (Service → About) and attach the last lines of logs/error.log? A screenshot of the error helps too.',
    bodyRu: 'Подскажите, пожалуйста, какая у вас версия (Сервис → О системе), и приложите последние строки logs/error.log. Скриншот ошибки тоже поможет.',
  },
  {
    title: 'Clear the cache',
    bodyEn: 'Please clear the cache in Settings → Cache and reload the page with Ctrl+F5. Does the problem remain?',
    bodyRu: 'Очистите, пожалуйста, кеш в «Настройки → Кеш» и обновите страницу с Ctrl+F5. Проблема осталась?',
  },
  {
    title: 'Update to the latest version',
    bodyEn: 'This was fixed in version 7.2. Make a backup (Service → Backup), then update in Service → Update. Tell us if anything looks wrong afterwards.',
    bodyRu:
      'Это исправлено в версии 7.2. Сделайте резервную копию (Сервис → Резервное копирование) и обновитесь в «Сервис → Обновление». Если после этого что-то не так — напишите.',
  },
  {
    title: 'Emergency: access through the secure form',
    bodyEn:
      'To look at the server we need temporary access. Please enter it only in the secure form on this ticket (never in a message): it is encrypted, seen only by the engineer on your ticket and destroyed when the ticket is resolved.',
    bodyRu:
      'Чтобы посмотреть сервер, нам нужен временный доступ. Передайте его только через защищённую форму в этом обращении (не в сообщении): данные шифруются, видны только инженеру вашего обращения и уничтожаются, когда обращение решено.',
  },
  {
    title: 'Thanks for the suggestion',
    bodyEn: 'Thank you for the idea, {{customer.name}}! We have added it to our list for the next versions and will write here when there is news.',
    bodyRu: 'Спасибо за идею, {{customer.name}}! Мы добавили её в список для следующих версий и напишем здесь, когда будут новости.',
  },
  {
    title: 'Partnership: forwarded to the partner manager',
    bodyEn: 'Thank you for your interest in working with us. Our partner manager will contact you within three business days with the terms.',
    bodyRu: 'Спасибо за интерес к сотрудничеству. Менеджер по работе с партнёрами свяжется с вами в течение трёх рабочих дней и расскажет об условиях.',
  },
  {
    title: 'Resolved: anything else?',
    bodyEn: 'We consider this resolved. If anything else comes up, just reply here and the ticket opens again.',
    bodyRu: 'Считаем вопрос решённым. Если появится что-то ещё, просто ответьте здесь — обращение откроется снова.',
  },
];
