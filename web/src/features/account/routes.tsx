import type { ReactNode } from 'react';
import type { RouteObject } from 'react-router';
import type { Role } from '../../api/client.js';
import { RequireRole } from '../../app/guards.js';
import { CustomerTicketPage } from './CustomerTicketPage.js';
import { LicensesPage } from './LicensesPage.js';
import { NewTicketPage } from './NewTicketPage.js';
import { NotificationsPage } from './NotificationsPage.js';

const CUSTOMERS: readonly Role[] = ['customer'];

const customerOnly = (page: ReactNode) => <RequireRole roles={CUSTOMERS}>{page}</RequireRole>;

/** The Personal Account's pages below `/account` (the home itself is in app/router.tsx). */
export const accountRoutes: RouteObject[] = [
  { path: 'account/licenses', element: customerOnly(<LicensesPage />) },
  { path: 'account/notifications', element: customerOnly(<NotificationsPage />) },
  { path: 'account/tickets/new', element: customerOnly(<NewTicketPage />) },
  { path: 'account/tickets/:id', element: customerOnly(<CustomerTicketPage />) },
];
