import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useResource } from '../../components/useResource.js';
import { cannedApi, isMissingRoute } from './api.js';

/** Picks a canned response and inserts its text, rendered by the server for this ticket (names, language). */
export function CannedPicker({ ticketId, onInsert }: { ticketId: string; onInsert(text: string): void }) {
  const { t } = useTranslation();
  const id = useId();
  const list = useResource(() => cannedApi.list(), []);
  const [chosen, setChosen] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setIsBusy] = useState(false);

  if (list.error && isMissingRoute(list.error)) {
    return <p className="muted canned-unavailable">{t('tickets.canned.unavailable')}</p>;
  }
  if (list.error) return <ErrorAlert error={list.error} />;
  const items = list.data ?? [];
  if (!list.isLoading && items.length === 0) return null;

  async function insert() {
    if (!chosen) return;
    setError(null);
    setIsBusy(true);
    try {
      const { body } = await cannedApi.render(chosen, ticketId);
      onInsert(body);
      setChosen('');
    } catch (err) {
      setError(err);
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <div className="field canned-picker">
      <label htmlFor={id}>{t('tickets.canned.label')}</label>
      <div className="inline-controls">
        <select id={id} value={chosen} onChange={(event) => setChosen(event.target.value)} disabled={list.isLoading}>
          <option value="">{list.isLoading ? t('app.loading') : t('tickets.canned.choose')}</option>
          {items.map((item) => (
            <option key={item.id} value={item.id}>
              {item.title}
            </option>
          ))}
        </select>
        <button type="button" className="button button-quiet" onClick={() => void insert()} disabled={!chosen || isBusy}>
          {t('tickets.canned.insert')}
        </button>
      </div>
      <ErrorAlert error={error} />
    </div>
  );
}
