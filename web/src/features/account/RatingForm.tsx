import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { msg, useMessageText, type Message } from '../../components/messages.js';
import { ticketsApi, type Ticket } from '../tickets/api.js';

const RATINGS = [1, 2, 3, 4, 5] as const;

/** 1–5 and a comment on a resolved request; once rated, the rating is shown instead. */
export function RatingForm({ ticket, onRated }: { ticket: Ticket; onRated(): void }) {
  const { t } = useTranslation();
  const commentId = useId();
  const [rating, setRating] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [fieldError, setFieldError] = useState<Message | undefined>();
  const text = useMessageText();
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setIsBusy] = useState(false);

  if (ticket.rating !== null) {
    return (
      <section className="card panel" aria-labelledby="rating-title">
        <h2 id="rating-title">{t('portal.rating.title')}</h2>
        <p>{t('portal.rating.done', { rating: ticket.rating })}</p>
        {ticket.ratingComment && <blockquote className="rating-comment">{ticket.ratingComment}</blockquote>}
      </section>
    );
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    if (rating === null) {
      setFieldError(msg('portal.rating.choose'));
      return;
    }
    setFieldError(undefined);
    setIsBusy(true);
    try {
      await ticketsApi.rate(ticket.id, { rating, comment: comment.trim() || undefined });
      onRated();
    } catch (err) {
      setError(err);
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <section className="card panel" aria-labelledby="rating-title">
      <h2 id="rating-title">{t('portal.rating.title')}</h2>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <fieldset className={`field rating-scale${fieldError ? ' field-invalid' : ''}`}>
          <legend>{t('portal.rating.question')}</legend>
          <div className="rating-options">
            {RATINGS.map((value) => (
              <label key={value} className="rating-option">
                <input
                  type="radio"
                  name="rating"
                  value={value}
                  checked={rating === value}
                  aria-invalid={fieldError ? true : undefined}
                  onChange={() => setRating(value)}
                />
                <span aria-hidden="true">{value}</span>
                <span className="visually-hidden">{t('portal.rating.option', { rating: value })}</span>
              </label>
            ))}
          </div>
          <p className="field-hint">{t('portal.rating.scale')}</p>
          {fieldError && <p className="field-error">{text(fieldError)}</p>}
        </fieldset>
        <div className="field">
          <label htmlFor={commentId}>{t('portal.rating.comment')}</label>
          <textarea id={commentId} rows={3} maxLength={2000} value={comment} onChange={(event) => setComment(event.target.value)} />
        </div>
        <ErrorAlert error={error} />
        <button type="submit" className="button button-primary" disabled={isBusy}>
          {t('portal.rating.submit')}
        </button>
      </form>
    </section>
  );
}
