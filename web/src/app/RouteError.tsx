import { useTranslation } from 'react-i18next';
import { useRouteError } from 'react-router';

/** Instead of a blank page when a page fails to render: what happened and a way to try again. */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  // Logged for whoever debugs it; the person sees words, not a stack.
  console.error('A page failed to render', error);
  return (
    <main id="main" className="page page-narrow">
      <h1 id="page-title">{t('app.crashTitle')}</h1>
      <p>{t('app.crashText')}</p>
      <button type="button" className="button button-primary" onClick={() => window.location.reload()}>
        {t('app.reload')}
      </button>
    </main>
  );
}
