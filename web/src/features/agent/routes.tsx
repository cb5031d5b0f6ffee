import type { ReactNode } from 'react';
import type { RouteObject } from 'react-router';
import type { Role } from '../../api/client.js';
import { RequireRole } from '../../app/guards.js';
import { AgentTicketPage } from './AgentTicketPage.js';
import { SearchPage } from './SearchPage.js';
import { HelpArticleEditor } from '../help/HelpArticleEditor.js';
import { HelpListPage } from '../help/HelpListPage.js';
import { LazyReportsPage } from '../reports/LazyReportsPage.js';

const STAFF: readonly Role[] = ['agent', 'admin'];

const staffOnly = (page: ReactNode) => <RequireRole roles={STAFF}>{page}</RequireRole>;

/** The agent workspace's pages below `/agent` (the queues themselves are in app/router.tsx). */
export const agentRoutes: RouteObject[] = [
  { path: 'agent/search', element: staffOnly(<SearchPage />) },
  { path: 'agent/tickets/:id', element: staffOnly(<AgentTicketPage />) },
  { path: 'agent/help', element: staffOnly(<HelpListPage />) },
  { path: 'agent/help/:id', element: staffOnly(<HelpArticleEditor />) },
  { path: 'agent/reports', element: staffOnly(<LazyReportsPage />) },
];
