import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { useResource } from '../../components/useResource.js';
import { mailApi, type OutboxMail, type OutboxMailDetail, type OutboxStatus } from './mailApi.js';

const STATUSES: OutboxStatus[] = ['waiting', 'sent', 'failed'];

/** The outbox (issue 16 item 5): mails by status, one mail's headers and text, retry, a test mail, and the mail settings. */
export function MailOutboxPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('admin.mail.title'));
  const [status, setStatus] = useState<OutboxStatus | ''>('');
  const [items, setItems] = useState<OutboxMail[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [selected, setSelected] = useState<OutboxMailDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [isLoading, setIsLoading] = useState(true);
  const [testTo, setTestTo] = useState('');
  const [notice, setNotice] = useState('');
  const settings = useResource(() => mailApi.settings(), []);
  const mailboxes = useResource(() => mailApi.mailboxes(), []);

  async function load(more: boolean) {
    setIsLoading(true);
    setError(null);
    try {
      const page = await mailApi.list({ status: status || undefined, cursor: more ? (cursor ?? undefined) : undefined });
      setItems((old) => (more ? [...old, ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (err) {
      setError(err);
    } finally {
      setIsLoading(false);
    }
  }
  useEffect(() => {
    void load(false);
    // Reloads when the filter changes; `load` reads the current cursor itself.
  }, [status]);

  async function open(id: string) {
    setError(null);
    try {
      setSelected(await mailApi.get(id));
    } catch (err) {
      setError(err);
    }
  }

  async function retry(id: string) {
    setError(null);
    try {
      await mailApi.retry(id);
      setNotice(t('admin.mail.retried'));
      await load(false);
      if (selected?.id === id) setSelected(await mailApi.get(id));
    } catch (err) {
      setError(err);
    }
  }

  async function sendTest(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await mailApi.sendTest(testTo);
      setNotice(t('admin.mail.testQueued', { to: testTo }));
      setTestTo('');
      await load(false);
    } catch (err) {
      setError(err);
    }
  }

  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'medium' });
  const when = (at: string | null) => (at ? <time dateTime={at}>{format.format(new Date(at))}</time> : '');
  const smtp = settings.data?.smtp;
  return (
    <div className="page admin-page">
      <header className="page-header">
        <h1 id="page-title">{t('admin.mail.title')}</h1>
        <p className="muted">{t('admin.mail.intro')}</p>
      </header>
      <ErrorAlert error={error} />
      {notice && (
        <p className="alert alert-info" role="status">
          {notice}
        </p>
      )}
      <section className="card panel" aria-labelledby="mail-settings-title">
        <h2 id="mail-settings-title">{t('admin.mail.settings')}</h2>
        {settings.data && (
          <dl data-region="mail-settings">
            <dt>{t('admin.mail.smtp')}</dt>
            <dd>
              {smtp
                ? t('admin.mail.smtpConfigured', { host: `${smtp.host}:${smtp.port}`, user: smtp.user || '—', from: smtp.from })
                : t('admin.mail.notConfigured')}
            </dd>
            <dt>{t('admin.mail.imap')}</dt>
            <dd>
              {settings.data.imap.length === 0 ? (
                t('admin.mail.notConfigured')
              ) : (
                <ul>
                  {settings.data.imap.map((m) => {
                    const state = mailboxes.data?.find((s) => s.name === m.name);
                    return (
                      <li key={m.name}>
                        {t('admin.mail.mailbox', { host: m.host, user: m.user, folder: m.folder })}{' '}
                        {state?.lastPolledAt ? t('admin.mail.lastPolled', { at: format.format(new Date(state.lastPolledAt)) }) : t('admin.mail.neverPolled')}
                        {state?.lastError && ` ${t('admin.mail.lastError', { error: state.lastError })}`}
                      </li>
                    );
                  })}
                </ul>
              )}
            </dd>
          </dl>
        )}
        <p className="muted">{t('admin.mail.changeWhere')}</p>
      </section>
      <section className="card panel" aria-labelledby="mail-test-title">
        <h2 id="mail-test-title">{t('admin.mail.testTitle')}</h2>
        <form className="inline-form" onSubmit={(e) => void sendTest(e)}>
          <div className="field">
            <label htmlFor="mail-test-to">{t('admin.mail.testTo')}</label>
            <input id="mail-test-to" type="email" required value={testTo} onChange={(e) => setTestTo(e.target.value)} />
          </div>
          <button type="submit" className="button">
            {t('admin.mail.testSend')}
          </button>
        </form>
      </section>
      <section className="card panel" aria-labelledby="mail-list-title">
        <h2 id="mail-list-title">{t('admin.mail.outbox')}</h2>
        <div className="field">
          <label htmlFor="mail-status">{t('admin.mail.status')}</label>
          <select id="mail-status" value={status} onChange={(e) => setStatus(e.target.value as OutboxStatus | '')}>
            <option value="">{t('admin.mail.anyStatus')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`admin.mail.statuses.${s}`)}
              </option>
            ))}
          </select>
        </div>
        {items.length === 0 && !isLoading ? (
          <p className="empty">{t('admin.mail.empty')}</p>
        ) : (
          <div className="table-wrap" role="region" aria-labelledby="mail-list-title" tabIndex={0}>
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t('admin.mail.created')}</th>
                  <th scope="col">{t('admin.mail.to')}</th>
                  <th scope="col">{t('admin.mail.subject')}</th>
                  <th scope="col">{t('admin.mail.template')}</th>
                  <th scope="col">{t('admin.mail.status')}</th>
                  <th scope="col">{t('admin.mail.attempts')}</th>
                  <th scope="col">{t('admin.mail.error')}</th>
                  <th scope="col">{t('admin.mail.sent')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('admin.mail.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((mail) => (
                  <tr key={mail.id} data-mail-status={mail.status}>
                    <td>{when(mail.createdAt)}</td>
                    <td>{mail.to}</td>
                    <td>
                      <button type="button" className="button-link" onClick={() => void open(mail.id)}>
                        {mail.subject}
                      </button>
                    </td>
                    <td>
                      <code>{mail.template}</code>
                    </td>
                    <td>{t(`admin.mail.statuses.${mail.status}`)}</td>
                    <td>{mail.attempts}</td>
                    <td>{mail.lastError ?? ''}</td>
                    <td>{when(mail.sentAt)}</td>
                    <td>
                      {mail.status === 'failed' && (
                        <button type="button" className="button button-small" onClick={() => void retry(mail.id)}>
                          {t('admin.mail.retry')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {cursor && (
          <button type="button" className="button button-quiet" disabled={isLoading} onClick={() => void load(true)}>
            {t('admin.mail.more')}
          </button>
        )}
      </section>
      {selected && (
        <section className="card panel" aria-labelledby="mail-detail-title" data-region="mail-detail">
          <h2 id="mail-detail-title">{selected.subject}</h2>
          <dl>
            {Object.entries(selected.headers).map(([name, value]) => (
              <div key={name}>
                <dt>{name}</dt>
                <dd>
                  <code>{value}</code>
                </dd>
              </div>
            ))}
          </dl>
          <pre className="mail-text">{selected.text}</pre>
          <button type="button" className="button button-quiet" onClick={() => setSelected(null)}>
            {t('admin.mail.close')}
          </button>
        </section>
      )}
    </div>
  );
}
