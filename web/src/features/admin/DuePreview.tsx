import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { adminApi, issuesOf, type CalendarFile, type Preview } from './adminApi.js';
import { describeBusinessMinutes, formatInstant } from './format.js';
import { useLanguage } from './useLanguage.js';

const DEBOUNCE_MS = 300;

export interface PreviewState {
  preview: Preview | null;
  error: unknown;
  isPending: boolean;
}

/** A whole number of minutes from 1, or null. */
export function parseMinutes(text: string): number | null {
  const value = Number(text);
  return text.trim() !== '' && Number.isInteger(value) && value >= 1 ? value : null;
}

/**
 * The due time on the draft, asked of the server ~300 ms after the last change. The server also
 * checks the draft, so an invalid one comes back as `calendar.invalid_file` with its issues.
 */
export function useDraftPreview({ draft, start, minutes }: { draft: CalendarFile | null; start: string; minutes: number | null }): PreviewState {
  const [state, setState] = useState<PreviewState>({ preview: null, error: null, isPending: false });
  const latest = useRef(0);

  useEffect(() => {
    const request = ++latest.current;
    if (!draft || !start || minutes === null) {
      setState((current) => ({ ...current, preview: null, isPending: false }));
      return;
    }
    setState((current) => ({ ...current, isPending: true }));
    const timer = setTimeout(() => {
      adminApi.preview({ start, minutes, calendar: draft }).then(
        (preview) => request === latest.current && setState({ preview, error: null, isPending: false }),
        (error: unknown) => request === latest.current && setState({ preview: null, error, isPending: false }),
      );
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [draft, start, minutes]);

  // Answers that arrive after the page is gone are dropped.
  useEffect(() => {
    return () => {
      latest.current += 1;
    };
  }, []);

  return state;
}

/**
 * "A question arriving Fri 27 Nov, 19:00 is due Mon 30 Nov, 19:00": when a message would be due
 * on the draft calendar. Start and duration are the admin's to change; times are the calendar zone's.
 */
export function DuePreview({
  timezone,
  start,
  minutes,
  questionTarget,
  state,
  onStartChange,
  onMinutesChange,
}: {
  timezone: string;
  start: string;
  minutes: string;
  questionTarget: number | null;
  state: PreviewState;
  onStartChange: (value: string) => void;
  onMinutesChange: (value: string) => void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const startId = useId();
  const minutesId = useId();
  const parsedMinutes = parseMinutes(minutes);
  const { preview, error, isPending } = state;
  const errorCode = isApiError(error) ? error.code : null;
  const startError = errorCode === 'calendar.invalid_start' ? t('admin.preview.badStart') : undefined;
  const minutesError = parsedMinutes === null || errorCode === 'calendar.invalid_duration' ? t('admin.preview.badMinutes') : undefined;
  const hasFileIssues = issuesOf(error).length > 0 || errorCode === 'calendar.no_business_time';

  function sentence(result: Preview): string {
    const times = {
      start: formatInstant({ at: result.start, timeZone: result.timezone, language }),
      due: formatInstant({ at: result.due, timeZone: result.timezone, language }),
    };
    return parsedMinutes === questionTarget ? t('admin.preview.question', times) : t('admin.preview.other', { ...times, minutes: parsedMinutes });
  }

  return (
    <section className="card panel preview-panel" aria-labelledby="preview-title">
      <h2 id="preview-title">{t('admin.preview.title')}</h2>
      <div className="preview-inputs">
        <div className={`field${startError ? ' field-invalid' : ''}`}>
          <label htmlFor={startId}>{t('admin.preview.start', { zone: timezone })}</label>
          <input
            id={startId}
            type="datetime-local"
            value={start}
            aria-invalid={startError ? true : undefined}
            aria-describedby={startError ? `${startId}-error` : undefined}
            onChange={(event) => onStartChange(event.target.value)}
          />
          {startError && (
            <p className="field-error" id={`${startId}-error`}>
              {startError}
            </p>
          )}
        </div>
        <div className={`field${minutesError ? ' field-invalid' : ''}`}>
          <label htmlFor={minutesId}>{t('admin.preview.minutes')}</label>
          <input
            id={minutesId}
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            value={minutes}
            aria-invalid={minutesError ? true : undefined}
            aria-describedby={minutesError ? `${minutesId}-error` : `${minutesId}-hint`}
            onChange={(event) => onMinutesChange(event.target.value)}
          />
          {parsedMinutes !== null && (
            <p className="field-hint" id={`${minutesId}-hint`}>
              {describeBusinessMinutes(t, parsedMinutes)}
            </p>
          )}
          {minutesError && (
            <p className="field-error" id={`${minutesId}-error`}>
              {minutesError}
            </p>
          )}
        </div>
      </div>
      <div className="preview-result" role="status" aria-busy={isPending || undefined}>
        {preview ? (
          <p className="preview-sentence">{sentence(preview)}</p>
        ) : hasFileIssues ? (
          <p className="muted">{t('admin.preview.fixFirst')}</p>
        ) : isPending ? (
          <p className="muted">{t('admin.preview.working')}</p>
        ) : null}
      </div>
      {!hasFileIssues && !startError && errorCode !== 'calendar.invalid_duration' && <ErrorAlert error={error} />}
      <p className="field-hint">{t('admin.preview.zoneNote', { zone: preview?.timezone ?? timezone })}</p>
    </section>
  );
}
