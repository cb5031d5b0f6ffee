import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './ErrorAlert.js';
import { Loading } from './Loading.js';
import type { Resource } from './useResource.js';

/** A loaded resource, or a spinner while it loads, or why it failed in words with a retry button. */
export function ResourceView<T>({ resource, children }: { resource: Resource<T>; children: (data: T) => ReactNode }) {
  const { t } = useTranslation();
  if (resource.data !== undefined) return <>{children(resource.data)}</>;
  if (resource.isLoading || !resource.error) return <Loading />;
  return (
    <>
      <ErrorAlert error={resource.error} />
      <button type="button" className="button button-primary" onClick={() => void resource.reload()}>
        {t('app.retry')}
      </button>
    </>
  );
}
