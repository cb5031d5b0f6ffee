import { lazy, Suspense } from 'react';
import { Loading } from '../../components/Loading.js';

// The report pages and their charts are a chunk of their own: the first load of the app never carries them.
const ReportsPage = lazy(() => import('./ReportsPage.js').then((m) => ({ default: m.ReportsPage })));

/** `/admin/reports` and `/agent/reports`, loaded when opened. */
export function LazyReportsPage() {
  return (
    <Suspense fallback={<Loading />}>
      <ReportsPage />
    </Suspense>
  );
}
