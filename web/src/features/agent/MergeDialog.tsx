import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../components/Dialog.js';
import { msg, useMessageText, type Message } from '../../components/messages.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useResource } from '../../components/useResource.js';
import { ticketsApi, type Ticket } from '../tickets/api.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Merge this ticket into another of the same customer: pick one of their open tickets, or give its number or id. */
export function MergeDialog({ isOpen, onClose, ticket, onMerged }: { isOpen: boolean; onClose(): void; ticket: Ticket; onMerged(): void }) {
  const { t } = useTranslation();
  return (
    <Dialog title={t('workspace.merge.title', { number: ticket.number })} isOpen={isOpen} onClose={onClose}>
      {isOpen && <MergeForm ticket={ticket} onDone={onMerged} onClose={onClose} />}
    </Dialog>
  );
}

function MergeForm({ ticket, onDone, onClose }: { ticket: Ticket; onDone(): void; onClose(): void }) {
  const { t } = useTranslation();
  const id = useId();
  const candidates = useResource(() => ticketsApi.list({ customerId: ticket.customerId, limit: 50 }), [ticket.customerId]);
  const options = (candidates.data?.items ?? []).filter((other) => other.id !== ticket.id && other.status !== 'closed' && other.mergedInto === null);
  const [choice, setChoice] = useState('');
  const [typed, setTyped] = useState('');
  const [fieldError, setFieldError] = useState<Message | undefined>();
  const text = useMessageText();
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setIsBusy] = useState(false);

  function resolveTarget(): string | undefined {
    const text = typed.trim().replace(/^#/, '');
    if (!text) return choice || undefined;
    if (UUID.test(text)) return text;
    if (/^\d+$/.test(text)) return (candidates.data?.items ?? []).find((other) => other.number === Number(text))?.id;
    return undefined;
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const targetId = resolveTarget();
    if (!targetId) {
      setFieldError(typed.trim() ? msg('workspace.merge.notFound') : msg('workspace.merge.choose'));
      return;
    }
    setFieldError(undefined);
    setIsBusy(true);
    try {
      await ticketsApi.merge(ticket.id, targetId);
      onDone();
      onClose();
    } catch (err) {
      setError(err);
      setIsBusy(false);
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <p className="muted">{t('workspace.merge.intro')}</p>
      <ErrorAlert error={candidates.error} />
      <div className="field">
        <label htmlFor={`${id}-pick`}>{t('workspace.merge.pick')}</label>
        <select id={`${id}-pick`} value={choice} onChange={(event) => setChoice(event.target.value)} disabled={options.length === 0}>
          <option value="">{options.length === 0 ? t('workspace.merge.noCandidates') : t('workspace.merge.pickPlaceholder')}</option>
          {options.map((other) => (
            <option key={other.id} value={other.id}>
              #{other.number} {other.subject}
            </option>
          ))}
        </select>
      </div>
      <div className={`field${fieldError ? ' field-invalid' : ''}`}>
        <label htmlFor={`${id}-typed`}>{t('workspace.merge.typed')}</label>
        <input
          id={`${id}-typed`}
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
          aria-invalid={fieldError ? true : undefined}
          aria-describedby={fieldError ? `${id}-error` : undefined}
        />
        {fieldError && (
          <p className="field-error" id={`${id}-error`}>
            {text(fieldError)}
          </p>
        )}
      </div>
      <ErrorAlert error={error} />
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={isBusy}>
          {t('workspace.merge.submit')}
        </button>
        <button type="button" className="button button-quiet" onClick={onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
