import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { currentLanguage } from '../../i18n/index.js';
import { attachmentsApi, isMissingRoute, type Attachment } from './api.js';
import { formatSize } from './format.js';

const MAX_FILES = 10;

interface Upload {
  key: string;
  name: string;
  size: number;
  attachment?: Omit<Attachment, 'url'>;
  error?: unknown;
}

export interface AttachmentState {
  ids: string[];
  /** True while any file is still on its way; sending waits for it. */
  isUploading: boolean;
}

/**
 * Files to send with a message: each is uploaded on its own as soon as it is picked
 * (POST /api/v1/attachments), and the message then names the ids. `resetKey` empties the list
 * after sending.
 */
export function AttachmentPicker({ onChange, resetKey }: { onChange(state: AttachmentState): void; resetKey: number }) {
  const { t } = useTranslation();
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [pending, setPending] = useState(0);
  const [isUnavailable, setIsUnavailable] = useState(false);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  useEffect(() => {
    setUploads([]);
    setPending(0);
  }, [resetKey]);

  useEffect(() => {
    onChangeRef.current({ ids: uploads.flatMap((u) => (u.attachment ? [u.attachment.id] : [])), isUploading: pending > 0 });
  }, [uploads, pending]);

  async function uploadOne(file: File, key: string) {
    try {
      const attachment = await attachmentsApi.upload(file);
      setUploads((list) => list.map((u) => (u.key === key ? { ...u, attachment } : u)));
    } catch (error) {
      if (isMissingRoute(error)) setIsUnavailable(true);
      setUploads((list) => list.map((u) => (u.key === key ? { ...u, error } : u)));
    } finally {
      setPending((n) => n - 1);
    }
  }

  function pick(files: FileList | null) {
    if (!files) return;
    const room = MAX_FILES - uploads.length;
    const chosen = Array.from(files).slice(0, Math.max(0, room));
    const added = chosen.map((file, i) => ({ key: `${Date.now()}-${i}-${file.name}`, name: file.name, size: file.size }));
    setUploads((list) => [...list, ...added]);
    setPending((n) => n + chosen.length);
    chosen.forEach((file, i) => void uploadOne(file, added[i]!.key));
    if (inputRef.current) inputRef.current.value = '';
  }

  const language = currentLanguage();
  return (
    <div className="field attachment-picker">
      <label htmlFor={inputId}>{t('tickets.attachments.add')}</label>
      <input
        ref={inputRef}
        id={inputId}
        type="file"
        multiple
        disabled={isUnavailable || uploads.length >= MAX_FILES}
        aria-describedby={`${inputId}-hint`}
        onChange={(event) => pick(event.target.files)}
      />
      <p className="field-hint" id={`${inputId}-hint`}>
        {t('tickets.attachments.hint', { max: MAX_FILES })}
      </p>
      {isUnavailable && (
        <p className="alert alert-error" role="alert">
          {t('tickets.attachments.unavailable')}
        </p>
      )}
      {uploads.length > 0 && (
        <ul className="upload-list" aria-live="polite">
          {uploads.map((upload) => (
            <li key={upload.key}>
              <span className="upload-name">{upload.name}</span> <span className="muted">({formatSize(upload.size, language)})</span>{' '}
              <span className="upload-state">
                {upload.attachment ? t('tickets.attachments.uploaded') : upload.error ? t('tickets.attachments.failed') : t('tickets.attachments.uploading')}
              </span>
              <button
                type="button"
                className="button button-quiet button-small"
                onClick={() => setUploads((list) => list.filter((u) => u.key !== upload.key))}
                disabled={!upload.attachment && !upload.error}
              >
                {t('tickets.attachments.remove')}
                <span className="visually-hidden"> {upload.name}</span>
              </button>
              {upload.error !== undefined && !isMissingRoute(upload.error) && <ErrorAlert error={upload.error} />}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
