import { useId, useState, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { useMessageText, type Message } from '../../components/messages.js';
import { MarkdownPreview } from './MarkdownPreview.js';

interface MarkdownFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  error?: Message;
  hint?: ReactNode;
  rows?: number;
  textareaRef?: RefObject<HTMLTextAreaElement | null>;
  /** Controlled preview state, so a parent can switch back to writing (e.g. after inserting text). */
  isPreview?: boolean;
  onPreviewChange?(isPreview: boolean): void;
}

/** A labelled Markdown textarea with Write / Preview buttons; the hint and error are tied to it for screen readers. */
export function MarkdownField({
  label,
  value,
  onChange,
  error: message,
  hint,
  rows = 8,
  textareaRef,
  isPreview: controlled,
  onPreviewChange,
}: MarkdownFieldProps) {
  const { t } = useTranslation();
  const error = useMessageText()(message);
  const id = useId();
  const [own, setOwn] = useState(false);
  const isPreview = controlled ?? own;
  const setPreview = (next: boolean) => (onPreviewChange ? onPreviewChange(next) : setOwn(next));
  const describedBy = [`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`field markdown-field${error ? ' field-invalid' : ''}`}>
      <div className="composer-label-row">
        <label htmlFor={id}>{label}</label>
        <div className="segmented segmented-small" role="group" aria-label={t('tickets.composer.viewLabel')}>
          <button type="button" aria-pressed={!isPreview} onClick={() => setPreview(false)}>
            {t('tickets.composer.write')}
          </button>
          <button type="button" aria-pressed={isPreview} onClick={() => setPreview(true)}>
            {t('tickets.composer.preview')}
          </button>
        </div>
      </div>
      <textarea
        ref={textareaRef}
        id={id}
        name="body"
        rows={rows}
        value={value}
        hidden={isPreview}
        maxLength={50_000}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(event) => onChange(event.target.value)}
      />
      {isPreview && <MarkdownPreview text={value} emptyText={t('tickets.composer.previewEmpty')} />}
      <p className="field-hint" id={`${id}-hint`}>
        {hint ?? t('tickets.composer.markdownHint')}
      </p>
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
