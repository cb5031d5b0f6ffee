import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert, Notice } from '../../components/ErrorAlert.js';
import { fieldErrorsOf } from '../../components/errors.js';
import { Field } from '../../components/Field.js';
import { focusFirstInvalid } from '../../components/forms.js';
import { msg, useMessageText, type Message } from '../../components/messages.js';
import { ResourceView } from '../../components/ResourceView.js';
import { useResource } from '../../components/useResource.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { webhooksApi, type WebhookList, type WebhookSubscription } from './webhooksApi.js';

/** Webhook subscriptions: create, pause and resume, delete, and whether private addresses may be called. */
export function WebhooksPage() {
  const { t } = useTranslation();
  usePageTitle(t('admin.webhooks.title'));
  const resource = useResource(() => webhooksApi.list(), []);
  return (
    <div className="page admin-page">
      <header className="page-header">
        <h1 id="page-title">{t('admin.webhooks.title')}</h1>
        <p className="muted">{t('admin.webhooks.intro')}</p>
      </header>
      <ResourceView resource={resource}>
        {(data) => (
          <>
            <SubscriptionList data={data} onChanged={() => void resource.reload()} />
            <NewSubscription eventTypes={data.eventTypes} onCreated={() => void resource.reload()} />
            <Settings initial={data.settings.allowPrivateTargets} />
          </>
        )}
      </ResourceView>
    </div>
  );
}

export function StatusBadge({ subscription }: { subscription: WebhookSubscription }) {
  const { t } = useTranslation();
  if (subscription.status === 'active') return <span className="badge">{t('admin.webhooks.active')}</span>;
  return <span className="badge badge-note">{subscription.pausedReason === 'failing' ? t('admin.webhooks.pausedFailing') : t('admin.webhooks.paused')}</span>;
}

function SubscriptionList({ data, onChanged }: { data: WebhookList; onChanged(): void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  async function act(id: string, run: () => Promise<unknown>) {
    setError(null);
    setBusyId(id);
    try {
      await run();
      onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusyId(null);
    }
  }

  return (
    <section className="card panel" aria-labelledby="webhooks-list-title">
      <h2 id="webhooks-list-title">{t('admin.webhooks.listTitle')}</h2>
      <ErrorAlert error={error} />
      {data.items.length === 0 ? (
        <p className="empty">{t('admin.webhooks.empty')}</p>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby="webhooks-list-title" tabIndex={0}>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.webhooks.url')}</th>
                <th scope="col">{t('admin.webhooks.events')}</th>
                <th scope="col">{t('admin.webhooks.status')}</th>
                <th scope="col">{t('admin.webhooks.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((s) => (
                <tr key={s.id}>
                  <td>
                    <code className="webhook-url">{s.url}</code>
                    {s.description && <div className="muted">{s.description}</div>}
                  </td>
                  <td>{s.events.length === data.eventTypes.length ? t('admin.webhooks.allEvents') : s.events.join(', ')}</td>
                  <td>
                    <StatusBadge subscription={s} />
                  </td>
                  <td>
                    <div className="button-row">
                      <Link className="button button-quiet button-small" to={`/admin/webhooks/${s.id}`}>
                        {t('admin.webhooks.log')}
                      </Link>
                      <button
                        type="button"
                        className="button button-quiet button-small"
                        disabled={busyId === s.id}
                        onClick={() => void act(s.id, () => webhooksApi.update(s.id, { status: s.status === 'active' ? 'paused' : 'active' }))}
                      >
                        {s.status === 'active' ? t('admin.webhooks.pause') : t('admin.webhooks.resume')}
                      </button>
                      <button
                        type="button"
                        className="button button-danger button-small"
                        disabled={busyId === s.id}
                        onClick={() => {
                          if (window.confirm(t('admin.webhooks.confirmDelete', { url: s.url }))) void act(s.id, () => webhooksApi.remove(s.id));
                        }}
                      >
                        {t('admin.webhooks.delete')}
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function NewSubscription({ eventTypes, onCreated }: { eventTypes: string[]; onCreated(): void }) {
  const { t } = useTranslation();
  const messageText = useMessageText();
  const formRef = useRef<HTMLFormElement>(null);
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, Message>>({});
  const [secret, setSecret] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setSecret(null);
    const errors: Record<string, Message> = {};
    if (!/^https?:\/\/\S+$/i.test(url.trim())) errors.url = msg('admin.webhooks.urlInvalid');
    if (events.length === 0) errors.events = msg('admin.webhooks.eventsRequired');
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) return focusFirstInvalid(formRef.current);
    setIsBusy(true);
    try {
      const created = await webhooksApi.create({ url: url.trim(), events, description: description.trim() });
      setSecret(created.secret);
      setUrl('');
      setDescription('');
      setEvents([]);
      onCreated();
    } catch (err) {
      setError(err);
      setFieldErrors(fieldErrorsOf(err));
      focusFirstInvalid(formRef.current);
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <section className="card panel" aria-labelledby="webhooks-new-title">
      <h2 id="webhooks-new-title">{t('admin.webhooks.newTitle')}</h2>
      {secret && (
        <Notice>
          {t('admin.webhooks.secretOnce')} <code className="webhook-secret">{secret}</code>
        </Notice>
      )}
      <form ref={formRef} onSubmit={(event) => void submit(event)} noValidate>
        <Field
          label={t('admin.webhooks.url')}
          name="url"
          type="url"
          inputMode="url"
          placeholder="https://shop.example.com/hooks/supportdesk"
          value={url}
          error={fieldErrors.url}
          hint={t('admin.webhooks.urlHint')}
          onChange={(event) => setUrl(event.target.value)}
        />
        <Field
          label={t('admin.webhooks.description')}
          name="description"
          value={description}
          maxLength={200}
          error={fieldErrors.description}
          onChange={(event) => setDescription(event.target.value)}
        />
        <fieldset
          className={`field webhook-events${fieldErrors.events ? ' field-invalid' : ''}`}
          aria-describedby={fieldErrors.events ? 'webhook-events-error' : undefined}
        >
          <legend>{t('admin.webhooks.events')}</legend>
          {eventTypes.map((type) => (
            <label key={type} className="checkbox">
              <input
                type="checkbox"
                name="events"
                value={type}
                checked={events.includes(type)}
                aria-invalid={fieldErrors.events ? true : undefined}
                onChange={(event) => setEvents((current) => (event.target.checked ? [...current, type] : current.filter((e) => e !== type)))}
              />{' '}
              <code>{type}</code> — {t(`admin.webhooks.types.${type}` as never, { defaultValue: '' })}
            </label>
          ))}
          {fieldErrors.events && (
            <p className="field-error" id="webhook-events-error">
              {messageText(fieldErrors.events)}
            </p>
          )}
        </fieldset>
        <ErrorAlert error={error} />
        <button type="submit" className="button button-primary" disabled={isBusy}>
          {isBusy ? t('admin.webhooks.creating') : t('admin.webhooks.create')}
        </button>
      </form>
    </section>
  );
}

function Settings({ initial }: { initial: boolean }) {
  const { t } = useTranslation();
  const [allow, setAllow] = useState(initial);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function change(next: boolean) {
    setError(null);
    setNotice(null);
    setAllow(next); // at once: the box follows the click, and goes back if the save fails
    try {
      const saved = await webhooksApi.saveSettings({ allowPrivateTargets: next });
      setAllow(saved.allowPrivateTargets);
      setNotice(t('admin.webhooks.settingsSaved'));
    } catch (err) {
      setAllow(!next);
      setError(err);
    }
  }

  return (
    <section className="card panel" aria-labelledby="webhooks-settings-title">
      <h2 id="webhooks-settings-title">{t('admin.webhooks.settingsTitle')}</h2>
      <label className="checkbox">
        <input type="checkbox" checked={allow} onChange={(event) => void change(event.target.checked)} /> {t('admin.webhooks.allowPrivate')}
      </label>
      <p className="field-hint">{t('admin.webhooks.allowPrivateHint')}</p>
      <ErrorAlert error={error} />
      {notice && <Notice>{notice}</Notice>}
    </section>
  );
}
