import { useId, useRef, useState, type FormEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';

/** The state of a date field that adds dates to a list, with a note saying why one was not added. */
export interface DateEntry {
  inputId: string;
  inputRef: RefObject<HTMLInputElement | null>;
  date: string;
  setDate: (date: string) => void;
  note: string | null;
  setNote: (note: string | null) => void;
}

export function useDateEntry(): DateEntry {
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [date, setDate] = useState('');
  const [note, setNote] = useState<string | null>(null);
  return { inputId, inputRef, date, setDate, note, setNote };
}

/** A date field and its add button; `onAdd` gets only a complete date (else the field asks for one). */
export function DateEntryForm({ entry, label, addLabel, onAdd }: { entry: DateEntry; label: string; addLabel: string; onAdd: (date: string) => void }) {
  const { t } = useTranslation();
  const { inputId, inputRef, date, setDate, note, setNote } = entry;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      setNote(t('admin.holidays.pickDate'));
      inputRef.current?.focus();
      return;
    }
    onAdd(date);
  }

  return (
    <>
      <form className="inline-form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={inputId}>{label}</label>
          <input
            ref={inputRef}
            id={inputId}
            type="date"
            value={date}
            aria-describedby={note ? `${inputId}-note` : undefined}
            onChange={(event) => {
              setDate(event.target.value);
              setNote(null);
            }}
          />
        </div>
        <button type="submit" className="button button-quiet">
          {addLabel}
        </button>
      </form>
      {note && (
        <p className="field-hint" id={`${inputId}-note`} role="status">
          {note}
        </p>
      )}
    </>
  );
}
