import { useId, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { adminApi, CALENDAR_EXPORT_URL, issuesOf, type CalendarFile, type Issue } from './adminApi.js';
import { describeIssue } from './issues.js';
import { msg, useMessageText, type Message } from '../../components/messages.js';
import { addedHolidays, toDraft } from './calendarDraft.js';
import { readFileText } from './readFileText.js';

export type ImportResult = { kind: 'ics'; calendar: CalendarFile; added: number } | { kind: 'json'; calendar: CalendarFile; fileName: string };

/** Any valid instant and duration: the preview is asked only to judge a calendar file. */
const PROBE = { start: '2026-01-01T00:00', minutes: 1 };

/**
 * Import an .ics file (its all-day events become holidays in the draft) or a calendar file (JSON,
 * replacing the draft), and export the saved calendar. Files are read here and sent as text.
 */
export function ImportPanel({ draft, onImport }: { draft: CalendarFile; onImport: (result: ImportResult) => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const text = useMessageText();
  const [fileIssues, setFileIssues] = useState<Issue[]>([]);
  const [isBusy, setIsBusy] = useState(false);

  function reset() {
    setError(null);
    setMessage(null);
    setFileIssues([]);
  }

  async function importIcs(event: ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    reset();
    setIsBusy(true);
    try {
      const ics = await readFileText(file);
      const calendar = await adminApi.importIcs({ ics, calendar: draft });
      onImport({ kind: 'ics', calendar, added: addedHolidays(draft, calendar).length });
    } catch (err) {
      setError(err);
    } finally {
      setIsBusy(false);
      input.value = ''; // the same file can be chosen again
    }
  }

  async function importJson(event: ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    reset();
    setIsBusy(true);
    try {
      const text = await readFileText(file);
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        setMessage(msg('admin.import.notJson', { name: file.name }));
        return;
      }
      const calendar = toDraft(value);
      if (calendar) {
        onImport({ kind: 'json', calendar, fileName: file.name });
        return;
      }
      // A shape the editor cannot show: the server says what is wrong with it, field by field.
      try {
        await adminApi.preview({ ...PROBE, calendar: value });
        setMessage(msg('admin.import.notCalendar', { name: file.name }));
      } catch (err) {
        setMessage(msg('admin.import.notCalendar', { name: file.name }));
        setFileIssues(issuesOf(err));
        if (issuesOf(err).length === 0) setError(err);
      }
    } catch (err) {
      setError(err);
    } finally {
      setIsBusy(false);
      input.value = '';
    }
  }

  return (
    <section className="card panel" aria-labelledby="import-title" aria-busy={isBusy || undefined}>
      <h2 id="import-title">{t('admin.import.title')}</h2>
      <FileField label={t('admin.import.ics')} hint={t('admin.import.icsHint')} accept=".ics,text/calendar" disabled={isBusy} onChange={importIcs} />
      <FileField label={t('admin.import.json')} hint={t('admin.import.jsonHint')} accept=".json,application/json" disabled={isBusy} onChange={importJson} />
      {message && (
        <div className="alert alert-error" role="alert">
          <p>{text(message)}</p>
          {fileIssues.length > 0 && (
            <ul>
              {fileIssues.map((issue, index) => (
                <li key={index}>
                  {issue.path ? <code>{issue.path}</code> : null}
                  {issue.path ? ': ' : null}
                  {describeIssue(t, issue)}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <ErrorAlert error={error} />
      <p className="export-link">
        <a href={CALENDAR_EXPORT_URL} download="calendar.json">
          {t('admin.import.export')}
        </a>
      </p>
    </section>
  );
}

/** A file input with its label and hint. */
function FileField({
  label,
  hint,
  accept,
  disabled,
  onChange,
}: {
  label: string;
  hint: string;
  accept: string;
  disabled: boolean;
  onChange: (event: ChangeEvent<HTMLInputElement>) => Promise<void>;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="file" accept={accept} aria-describedby={`${id}-hint`} disabled={disabled} onChange={(event) => void onChange(event)} />
      <p className="field-hint" id={`${id}-hint`}>
        {hint}
      </p>
    </div>
  );
}
