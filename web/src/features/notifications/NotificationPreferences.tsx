import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../../api/client.js';
import { ErrorAlert, Notice } from '../../components/ErrorAlert.js';
import { useResource } from '../../components/useResource.js';

const KINDS = ['question', 'problem', 'emergency', 'suggestion', 'partnership'] as const;
type Kind = (typeof KINDS)[number];
const SWITCHES = [
  'ticketReceived',
  'agentReply',
  'pendingReminder',
  'ticketResolved',
  'newTicket',
  'customerReply',
  'replyDueSoon',
  'breached',
  'weeklySummary',
] as const;
type Switch = (typeof SWITCHES)[number];

/** GET|PUT /api/v1/me/notifications: the switches of the caller's role (staff also pick the kinds of new ticket). */
export type Preferences = Partial<Record<Switch, boolean>> & { newTicketKinds?: Kind[] };

/** The optional mails of the signed-in person, each a checkbox saved as soon as it changes. */
export function NotificationPreferences() {
  const { t } = useTranslation();
  const id = useId();
  const preferences = useResource(() => callApi<Preferences>('GET', '/api/v1/me/notifications'), []);
  const [error, setError] = useState<unknown>(null);
  const [isSaved, setIsSaved] = useState(false);
  const [isBusy, setIsBusy] = useState(false);

  async function save(change: Preferences) {
    setError(null);
    setIsSaved(false);
    setIsBusy(true);
    try {
      preferences.setData(await callApi<Preferences>('PUT', '/api/v1/me/notifications', change));
      setIsSaved(true);
    } catch (err) {
      setError(err);
    } finally {
      setIsBusy(false);
    }
  }

  const data = preferences.data;
  if (!data) return <ErrorAlert error={preferences.error} />;
  const switches = SWITCHES.filter((s) => data[s] !== undefined);
  return (
    <div className="notification-preferences" data-region="mail-preferences">
      <p>{t('mailPrefs.intro')}</p>
      {switches.map((s) => (
        <div key={s} className="field field-checkbox">
          <input id={`${id}-${s}`} type="checkbox" checked={data[s]} disabled={isBusy} onChange={(event) => void save({ [s]: event.target.checked })} />
          <label htmlFor={`${id}-${s}`}>{t(`mailPrefs.switches.${s}`)}</label>
        </div>
      ))}
      {data.newTicketKinds && (
        <fieldset className="plain-fieldset" disabled={isBusy || !data.newTicket}>
          <legend>{t('mailPrefs.kindsLegend')}</legend>
          {KINDS.map((kind) => (
            <div key={kind} className="field field-checkbox">
              <input
                id={`${id}-kind-${kind}`}
                type="checkbox"
                checked={data.newTicketKinds!.includes(kind)}
                onChange={(event) =>
                  void save({ newTicketKinds: event.target.checked ? [...data.newTicketKinds!, kind] : data.newTicketKinds!.filter((k) => k !== kind) })
                }
              />
              <label htmlFor={`${id}-kind-${kind}`}>{t(`mailPrefs.kinds.${kind}`)}</label>
            </div>
          ))}
        </fieldset>
      )}
      <p className="muted">{t('mailPrefs.always')}</p>
      <ErrorAlert error={error} />
      {isSaved && <Notice>{t('mailPrefs.saved')}</Notice>}
    </div>
  );
}
