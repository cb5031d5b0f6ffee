import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../api/client.js';
import { Dialog } from '../../components/Dialog.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Loading } from '../../components/Loading.js';
import { useResource } from '../../components/useResource.js';
import { DECLINE_REASONS, ticketsApi, type DeclineReason } from '../tickets/api.js';

interface DeclineDialogProps {
  isOpen: boolean;
  onClose(): void;
  ticketId: string;
  /** The explanation goes out in the customer's language; the preview shows exactly that text. */
  customerLanguage: Language;
  onDeclined(): void;
}

/** Decline with one of the four reasons (R6), previewing what the customer will read. */
export function DeclineDialog({ isOpen, onClose, ticketId, customerLanguage, onDeclined }: DeclineDialogProps) {
  const { t } = useTranslation();
  return (
    <Dialog title={t('workspace.decline.title')} isOpen={isOpen} onClose={onClose} className="dialog-wide">
      {isOpen && <DeclineForm ticketId={ticketId} customerLanguage={customerLanguage} onDone={onDeclined} onClose={onClose} />}
    </Dialog>
  );
}

function DeclineForm({ ticketId, customerLanguage, onDone, onClose }: { ticketId: string; customerLanguage: Language; onDone(): void; onClose(): void }) {
  const { t } = useTranslation();
  const noteId = useId();
  const explanations = useResource(() => ticketsApi.declineReasons(), []);
  const [reason, setReason] = useState<DeclineReason>('out_of_scope');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setIsBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setIsBusy(true);
    try {
      await ticketsApi.decline(ticketId, { reason, note: note.trim() || undefined });
      onDone();
      onClose();
    } catch (err) {
      setError(err);
      setIsBusy(false);
    }
  }

  const explanation = explanations.data?.[reason]?.[customerLanguage];
  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <fieldset className="field">
        <legend>{t('workspace.decline.reason')}</legend>
        {DECLINE_REASONS.map((value) => (
          <label key={value} className="radio-card">
            <input type="radio" name="reason" value={value} checked={reason === value} onChange={() => setReason(value)} />
            <span className="radio-title">{t(`tickets.decline.reasons.${value}`)}</span>
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={noteId}>{t('workspace.decline.note')}</label>
        <textarea id={noteId} rows={3} maxLength={5000} value={note} onChange={(event) => setNote(event.target.value)} aria-describedby={`${noteId}-hint`} />
        <p className="field-hint" id={`${noteId}-hint`}>
          {t('workspace.decline.noteHint')}
        </p>
      </div>
      <section className="decline-preview" aria-labelledby={`${noteId}-preview`}>
        <h3 id={`${noteId}-preview`}>{t('workspace.decline.preview', { language: t(`language.names.${customerLanguage}`) })}</h3>
        <ErrorAlert error={explanations.error} />
        {!explanations.data && !explanations.error && <Loading />}
        {explanation && (
          <div className="message-body" lang={customerLanguage}>
            <p>{explanation}</p>
            {note.trim() && <p>{note.trim()}</p>}
          </div>
        )}
      </section>
      <ErrorAlert error={error} />
      <div className="button-row">
        <button type="submit" className="button button-danger" disabled={isBusy}>
          {t('workspace.decline.submit')}
        </button>
        <button type="button" className="button button-quiet" onClick={onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
