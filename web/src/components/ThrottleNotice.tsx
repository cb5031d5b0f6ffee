import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { onThrottled } from '../api/client.js';

/**
 * While the server throttles this browser (429), says when the app tries again; the calls are
 * retried by the client (api/client.ts) and the notice goes once they go through.
 */
export function ThrottleNotice() {
  const { t } = useTranslation();
  const [retryAt, setRetryAt] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    return onThrottled(setRetryAt);
  }, []);
  useEffect(() => {
    if (retryAt === null) return;
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [retryAt]);

  if (retryAt === null) return null;
  const seconds = Math.ceil((retryAt - now) / 1000);
  return (
    <p className="alert alert-warning throttle-notice" role="status" data-testid="throttle-notice">
      {seconds > 0 ? t('app.throttled', { seconds }) : t('app.throttledNow')}
    </p>
  );
}
