import { callApi } from '../../api/client.js';
import type { Priority, QueueName, TicketKind, TicketSort, TicketStatus } from '../tickets/api.js';

/** A saved view's filters, as GET /api/v1/tickets takes them. */
export interface ViewFilters {
  queue: QueueName;
  kind?: TicketKind;
  status?: TicketStatus;
  assigneeId?: string;
  tag?: string;
  customerId?: string;
  licenseKey?: string;
  q?: string;
  createdFrom?: string;
  createdTo?: string;
  updatedFrom?: string;
  updatedTo?: string;
}

export interface SavedView {
  id: string;
  name: string;
  shared: boolean;
  ownerId: string | null;
  filters: ViewFilters;
  sort: TicketSort;
  count?: number;
}

export type BulkAction =
  | { type: 'assign'; assigneeId: string | null }
  | { type: 'status'; status: TicketStatus }
  | { type: 'priority'; priority: Priority }
  | { type: 'add_tags'; tags: string[] }
  | { type: 'remove_tags'; tags: string[] }
  | { type: 'resolve' }
  | { type: 'merge'; targetId: string };

export type BulkResult = { id: string; ok: true; number: number } | { id: string; ok: false; code: string; message: string };

export const viewsApi = {
  list: () => callApi<{ items: SavedView[] }>('GET', '/api/v1/views'),
  create: (body: { name: string; shared: boolean; filters: ViewFilters; sort: TicketSort }) => callApi<SavedView>('POST', '/api/v1/views', body),
  remove: (viewId: string) => callApi<void>('DELETE', `/api/v1/views/${encodeURIComponent(viewId)}`),
};

export const bulkApi = {
  apply: (ids: string[], action: BulkAction) =>
    callApi<{ results: BulkResult[]; changed: number; failed: number }>('POST', '/api/v1/tickets/bulk', { ids, action }),
};
