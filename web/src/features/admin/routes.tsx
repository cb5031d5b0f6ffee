import type { RouteObject } from 'react-router';
import type { Role } from '../../api/client.js';
import { RequireRole } from '../../app/guards.js';
import { AdminHomePage } from './AdminHomePage.js';
import { AdminLayout } from './AdminLayout.js';
import { AuditPage } from './AuditPage.js';
import { CalendarPage } from './CalendarPage.js';
import { MailOutboxPage } from './MailOutboxPage.js';
import { PeoplePage } from './PeoplePage.js';
import { ReplyTargetsPage } from './ReplyTargetsPage.js';
import { TokensPage } from './TokensPage.js';
import { WebhookLogPage } from './WebhookLogPage.js';
import { WebhooksPage } from './WebhooksPage.js';
import { LazyReportsPage } from '../reports/LazyReportsPage.js';

const ADMINS: readonly Role[] = ['admin'];

/**
 * `/admin/*`, for admins only: agents and customers are sent to their own home (the server refuses
 * their writes anyway; this keeps them from a page that cannot work for them).
 */
export const adminRoute: RouteObject = {
  path: 'admin',
  element: (
    <RequireRole roles={ADMINS}>
      <AdminLayout />
    </RequireRole>
  ),
  children: [
    { index: true, element: <AdminHomePage /> },
    { path: 'calendar', element: <CalendarPage /> },
    { path: 'reply-targets', element: <ReplyTargetsPage /> },
    { path: 'webhooks', element: <WebhooksPage /> },
    { path: 'webhooks/:id', element: <WebhookLogPage /> },
    { path: 'reports', element: <LazyReportsPage /> },
    { path: 'people', element: <PeoplePage /> },
    { path: 'audit', element: <AuditPage /> },
    { path: 'tokens', element: <TokensPage /> },
    { path: 'mail', element: <MailOutboxPage /> },
  ],
};
