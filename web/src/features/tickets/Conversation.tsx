import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth.js';
import { currentLanguage } from '../../i18n/index.js';
import type { Attachment, Message } from './api.js';
import type { Audience } from './badges.js';
import { formatDateTime, formatSize } from './format.js';

interface ConversationProps {
  messages: Message[];
  audience: Audience;
  /** Names of people by id (agents for the workspace; the customer always). */
  names: ReadonlyMap<string, string>;
}

/** The thread, oldest first. Bodies are the server's sanitized HTML; internal notes look unmistakably different. */
export function Conversation({ messages, audience, names }: ConversationProps) {
  const { t } = useTranslation();
  return (
    <ol className="conversation" aria-label={t('tickets.conversation.label')}>
      {messages.map((message) => (
        <MessageItem key={message.id} message={message} audience={audience} names={names} />
      ))}
    </ol>
  );
}

function MessageItem({ message, audience, names }: { message: Message; audience: Audience; names: ReadonlyMap<string, string> }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const language = currentLanguage();
  const author = authorName({ message, audience, names, t, selfId: user?.id });
  const kind = message.internal ? 'note' : message.authorRole;
  return (
    <li className={`message message-${kind}`} data-message-id={message.id}>
      <article aria-label={message.internal ? t('tickets.conversation.noteBy', { name: author }) : t('tickets.conversation.messageBy', { name: author })}>
        <header className="message-header">
          <span className="message-author">{author}</span>
          {message.internal && <span className="badge badge-note">{t('tickets.conversation.internal')}</span>}
          {message.source === 'mail' && <span className="badge">{t('tickets.conversation.viaMail')}</span>}
          <time className="muted" dateTime={message.arrivedAt}>
            {formatDateTime(message.arrivedAt, { language, timeZone: user?.timeZone })}
          </time>
        </header>
        {/* The server renders Markdown and sanitizes it (src/shared/markdown.ts); nothing active gets through. */}
        <div className="message-body" dangerouslySetInnerHTML={{ __html: message.bodyHtml }} />
        {message.masked && <p className="message-masked">{t('tickets.conversation.masked')}</p>}
        {message.attachments.length > 0 && <AttachmentList attachments={message.attachments} />}
      </article>
    </li>
  );
}

function authorName({
  message,
  audience,
  names,
  t,
  selfId,
}: {
  message: Message;
  audience: Audience;
  names: ReadonlyMap<string, string>;
  t: TFunction;
  selfId: string | undefined;
}): string {
  if (message.authorRole === 'system') return t('tickets.conversation.system');
  if (message.authorId && message.authorId === selfId) return t('tickets.conversation.you');
  if (message.authorRole === 'agent' && audience === 'customer') return t('tickets.conversation.support');
  return (message.authorId && names.get(message.authorId)) || t(`tickets.conversation.${message.authorRole}`);
}

export function AttachmentList({ attachments }: { attachments: Attachment[] }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  return (
    <ul className="attachment-list" aria-label={t('tickets.attachments.label')}>
      {attachments.map((attachment) => (
        <li key={attachment.id}>
          <a href={attachment.url} download={attachment.fileName}>
            {attachment.fileName}
          </a>{' '}
          <span className="muted">({formatSize(attachment.size, language)})</span>
        </li>
      ))}
    </ul>
  );
}
