import { useRef, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { msg, type Message } from '../../components/messages.js';
import { AttachmentPicker, type AttachmentState } from './AttachmentPicker.js';
import { HelpLinkPicker } from '../help/HelpLinkPicker.js';
import { CannedPicker } from './CannedPicker.js';
import { MarkdownField } from './MarkdownField.js';

export type ComposerMode = 'reply' | 'note';

export interface ComposerSubmit {
  body: string;
  attachmentIds: string[];
  /** The agent chose "reply and resolve". */
  resolve: boolean;
}

interface ComposerProps {
  audience: 'customer' | 'agent';
  /** Agents only: a public reply or an internal note. */
  mode?: ComposerMode;
  onModeChange?(mode: ComposerMode): void;
  onSend(submit: ComposerSubmit): Promise<void>;
  /** The ticket, for canned responses rendered against it (agents). */
  ticketId?: string;
  /** Called on every keystroke (the agent page announces "is replying" from it). */
  onTyping?(): void;
  textareaRef?: RefObject<HTMLTextAreaElement | null>;
  /**
   * Shown before sending, with a second button to confirm: a fixed warning (the customer's idle-thread
   * warning) or one that depends on the text (the vault's "this looks like a password", useSecretWarning).
   */
  confirmBeforeSend?: ReactNode | ((body: string) => ReactNode | undefined);
  label?: string;
  hint?: ReactNode;
}

/** A Markdown message box with a preview, attachments and, for agents, reply/note and canned responses. */
export function Composer({ audience, mode = 'reply', onModeChange, onSend, ticketId, onTyping, textareaRef, confirmBeforeSend, label, hint }: ComposerProps) {
  const { t } = useTranslation();
  const ownRef = useRef<HTMLTextAreaElement>(null);
  const ref = textareaRef ?? ownRef;
  const [body, setBody] = useState('');
  const [isPreview, setIsPreview] = useState(false);
  const [attachments, setAttachments] = useState<AttachmentState>({ ids: [], isUploading: false });
  const [resetKey, setResetKey] = useState(0);
  const [bodyError, setBodyError] = useState<Message | undefined>();
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [warning, setWarning] = useState<ReactNode | undefined>(undefined);
  const [sentNotice, setSentNotice] = useState<string | null>(null);
  const isNote = audience === 'agent' && mode === 'note';

  function insert(text: string) {
    const area = ref.current;
    const start = area?.selectionStart ?? body.length;
    const end = area?.selectionEnd ?? body.length;
    const next = `${body.slice(0, start)}${text}${body.slice(end)}`;
    setBody(next);
    setIsPreview(false);
    requestAnimationFrame(() => {
      ref.current?.focus();
      ref.current?.setSelectionRange(start + text.length, start + text.length);
    });
  }

  async function send(resolve: boolean, isConfirmed = false) {
    setError(null);
    setSentNotice(null);
    if (body.trim() === '') {
      setBodyError(msg('tickets.composer.empty'));
      setIsPreview(false);
      requestAnimationFrame(() => ref.current?.focus());
      return;
    }
    setBodyError(undefined);
    const toConfirm = typeof confirmBeforeSend === 'function' ? confirmBeforeSend(body) : confirmBeforeSend;
    if (toConfirm && !isConfirmed) {
      setWarning(toConfirm);
      return;
    }
    setWarning(undefined);
    setIsBusy(true);
    try {
      await onSend({ body, attachmentIds: attachments.ids, resolve });
      setBody('');
      setIsPreview(false);
      setResetKey((k) => k + 1);
      setSentNotice(isNote ? t('tickets.composer.noteAdded') : t('tickets.composer.sent'));
    } catch (err) {
      setError(err);
    } finally {
      setIsBusy(false);
    }
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void send(false);
  }

  const isBlocked = isBusy || attachments.isUploading;
  const textLabel = label ?? (isNote ? t('tickets.composer.noteLabel') : t('tickets.composer.replyLabel'));
  return (
    <form className={`composer${isNote ? ' composer-note' : ''}`} onSubmit={submit} noValidate>
      {audience === 'agent' && onModeChange && (
        <div className="segmented composer-mode" role="group" aria-label={t('tickets.composer.modeLabel')}>
          <button type="button" aria-pressed={mode === 'reply'} onClick={() => onModeChange('reply')}>
            {t('tickets.composer.modeReply')}
          </button>
          <button type="button" aria-pressed={mode === 'note'} onClick={() => onModeChange('note')}>
            {t('tickets.composer.modeNote')}
          </button>
        </div>
      )}
      {isNote && <p className="composer-note-banner">{t('tickets.composer.noteBanner')}</p>}
      <MarkdownField
        label={textLabel}
        value={body}
        onChange={(value) => {
          setBody(value);
          setWarning(undefined);
          onTyping?.();
        }}
        error={bodyError}
        hint={hint}
        rows={audience === 'agent' ? 6 : 8}
        textareaRef={ref}
        isPreview={isPreview}
        onPreviewChange={setIsPreview}
      />
      {audience === 'agent' && ticketId && <CannedPicker ticketId={ticketId} onInsert={insert} />}
      {audience === 'agent' && ticketId && <HelpLinkPicker ticketId={ticketId} onInsert={insert} />}
      <AttachmentPicker onChange={setAttachments} resetKey={resetKey} />
      {warning && (
        <div className="alert alert-warning" role="alert">
          {warning}
          <div className="button-row">
            <button type="button" className="button button-primary" onClick={() => void send(false, true)}>
              {t('tickets.composer.sendAnyway')}
            </button>
          </div>
        </div>
      )}
      <ErrorAlert error={error} />
      {sentNotice && (
        <p className="alert alert-info" role="status">
          {sentNotice}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={isBlocked}>
          {isBusy ? t('tickets.composer.sending') : isNote ? t('tickets.composer.addNote') : t('tickets.composer.send')}
        </button>
        {audience === 'agent' && !isNote && (
          <button type="button" className="button button-quiet" disabled={isBlocked} onClick={() => void send(true)}>
            {t('tickets.composer.sendAndResolve')}
          </button>
        )}
      </div>
    </form>
  );
}
