import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorAlert, Notice } from '../../components/ErrorAlert.js';
import { ResourceView } from '../../components/ResourceView.js';
import { useResource } from '../../components/useResource.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { StatusBadge } from './WebhooksPage.js';
import { webhooksApi, type WebhookDelivery, type WebhookDeliveryDetail } from './webhooksApi.js';

const formatTime = (iso: string, language: string) => new Date(iso).toLocaleString(language, { dateStyle: 'medium', timeStyle: 'medium' });

/** One subscription's delivery log: each event sent, its attempts, and "redeliver". */
export function WebhookLogPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  usePageTitle(t('admin.webhooks.logTitle'));
  const subscription = useResource(() => webhooksApi.get(id), [id]);
  const [pages, setPages] = useState<WebhookDelivery[][]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const first = useResource(async () => {
    const page = await webhooksApi.deliveries(id);
    setPages([page.items]);
    setCursor(page.nextCursor);
    return page;
  }, [id]);
  const [error, setError] = useState<unknown>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const deliveries = pages.flat();

  async function loadMore() {
    if (!cursor) return;
    try {
      const page = await webhooksApi.deliveries(id, cursor);
      setPages((current) => [...current, page.items]);
      setCursor(page.nextCursor);
    } catch (err) {
      setError(err);
    }
  }

  async function rotate() {
    if (!window.confirm(t('admin.webhooks.confirmRotate'))) return;
    try {
      setSecret((await webhooksApi.rotateSecret(id)).secret);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <div className="page admin-page">
      <header className="page-header">
        <p>
          <Link to="/admin/webhooks">{t('admin.webhooks.back')}</Link>
        </p>
        <h1 id="page-title">{t('admin.webhooks.logTitle')}</h1>
      </header>
      <ResourceView resource={subscription}>
        {(s) => (
          <section className="card panel" aria-labelledby="webhook-summary-title">
            <h2 id="webhook-summary-title">
              <code className="webhook-url">{s.url}</code>
            </h2>
            <p>
              <StatusBadge subscription={s} /> {s.description}
            </p>
            <p className="muted">{s.events.join(', ')}</p>
            {secret && (
              <Notice>
                {t('admin.webhooks.secretOnce')} <code className="webhook-secret">{secret}</code>
              </Notice>
            )}
            <button type="button" className="button button-quiet" onClick={() => void rotate()}>
              {t('admin.webhooks.rotate')}
            </button>
          </section>
        )}
      </ResourceView>
      <section className="card panel" aria-labelledby="webhook-log-title">
        <h2 id="webhook-log-title">{t('admin.webhooks.deliveries')}</h2>
        <ErrorAlert error={error ?? first.error} />
        {first.data && deliveries.length === 0 && <p className="empty">{t('admin.webhooks.noDeliveries')}</p>}
        {deliveries.length > 0 && (
          <ul className="webhook-log">
            {deliveries.map((d) => (
              <DeliveryItem key={d.eventId} subscriptionId={id} delivery={d} language={i18n.language} />
            ))}
          </ul>
        )}
        {cursor && (
          <button type="button" className="button button-quiet" onClick={() => void loadMore()}>
            {t('admin.webhooks.more')}
          </button>
        )}
      </section>
    </div>
  );
}

function DeliveryItem({ subscriptionId, delivery: initial, language }: { subscriptionId: string; delivery: WebhookDelivery; language: string }) {
  const { t } = useTranslation();
  const [delivery, setDelivery] = useState(initial);
  const [detail, setDetail] = useState<WebhookDeliveryDetail | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function toggle() {
    if (detail) return setDetail(null);
    try {
      setDetail(await webhooksApi.delivery(subscriptionId, delivery.eventId));
    } catch (err) {
      setError(err);
    }
  }

  async function redeliver() {
    setError(null);
    try {
      setDelivery(await webhooksApi.redeliver(subscriptionId, delivery.eventId));
      setDetail(null);
    } catch (err) {
      setError(err);
    }
  }

  const outcome =
    delivery.lastStatusCode !== null
      ? `HTTP ${delivery.lastStatusCode}`
      : (delivery.lastError ?? (delivery.status === 'pending' ? t('admin.webhooks.notYet') : ''));
  return (
    <li className="webhook-delivery">
      <div className="webhook-delivery-head">
        <span className={`badge webhook-${delivery.status}`}>{t(`admin.webhooks.deliveryStatus.${delivery.status}`)}</span> <code>{delivery.type}</code>{' '}
        <span className="muted">
          {formatTime(delivery.occurredAt, language)} · {t('admin.webhooks.attempts', { count: delivery.attempts })} · {outcome}
        </span>
      </div>
      <div className="button-row">
        <button type="button" className="button button-quiet button-small" aria-expanded={detail !== null} onClick={() => void toggle()}>
          {detail ? t('admin.webhooks.hide') : t('admin.webhooks.details')}
        </button>
        <button type="button" className="button button-quiet button-small" onClick={() => void redeliver()}>
          {t('admin.webhooks.redeliver')}
        </button>
      </div>
      <ErrorAlert error={error} />
      {detail && (
        <div className="webhook-detail">
          <h3>{t('admin.webhooks.request')}</h3>
          <pre className="webhook-body">{detail.requestBody ?? t('admin.webhooks.notYet')}</pre>
          <h3>{t('admin.webhooks.attemptLog')}</h3>
          {detail.attemptLog.length === 0 ? (
            <p className="empty">{t('admin.webhooks.notYet')}</p>
          ) : (
            <ol>
              {detail.attemptLog.map((a) => (
                <li key={`${a.attempt}-${a.startedAt}`}>
                  {formatTime(a.startedAt, language)} · {a.statusCode !== null ? `HTTP ${a.statusCode}` : a.error} · {a.durationMs} ms
                  {a.responseBody && <pre className="webhook-body">{a.responseBody}</pre>}
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
    </li>
  );
}
