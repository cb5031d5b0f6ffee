/** Typed calls for tickets, licenses and the people around them (see docs/openapi.json). */
import { callApi, isApiError, uploadFile, type User } from '../../api/client.js';

export const TICKET_KINDS = ['question', 'problem', 'emergency', 'suggestion', 'partnership'] as const;
export type TicketKind = (typeof TICKET_KINDS)[number];
/** Kinds that need support entitlement (R1); suggestions and partnership are open to everyone. */
export const SUPPORT_KINDS: readonly TicketKind[] = ['question', 'problem', 'emergency'];
export const OPEN_KINDS: readonly TicketKind[] = ['suggestion', 'partnership'];
export const TICKET_STATUSES = ['open', 'pending', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const DECLINE_REASONS = ['out_of_scope', 'unclear', 'inaccurate_data', 'not_localizable'] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];
export const QUEUES = ['due', 'overdue', 'unassigned', 'mine', 'pending', 'best_effort', 'suggestions', 'partnership'] as const;
export type QueueName = (typeof QUEUES)[number] | 'all';

export interface Ticket {
  id: string;
  number: number;
  kind: TicketKind;
  subject: string;
  status: TicketStatus;
  priority: Priority;
  customerId: string;
  licenseKey: string | null;
  site: string | null;
  assigneeId: string | null;
  tags: string[];
  replyDueAt: string | null;
  guaranteed: boolean;
  breached: boolean;
  waitingSince: string | null;
  resolution: string | null;
  declineReason: string | null;
  followUpOf: string | null;
  mergedInto: string | null;
  rating: number | null;
  ratingComment: string | null;
  lastCustomerMessageAt: string | null;
  lastAgentReplyAt: string | null;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  closedAt: string | null;
}

export interface PersonRef {
  id: string;
  name: string;
  email: string;
}

export type MatchReason = 'number' | 'email' | 'name' | 'license' | 'domain' | 'subject' | 'message';

export interface TicketListItem extends Ticket {
  customer: PersonRef;
  /** With a search query: why the ticket matched. */
  matchedBy?: MatchReason[];
}

export interface Attachment {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  url: string;
}

export interface Message {
  id: string;
  ticketId: string;
  authorId: string | null;
  authorRole: 'customer' | 'agent' | 'system';
  internal: boolean;
  body: string;
  /** Rendered from Markdown and sanitized by the server. */
  bodyHtml: string;
  source: 'web' | 'api' | 'mail';
  arrivedAt: string;
  replyDueAt: string | null;
  guaranteed: boolean;
  waiting: boolean;
  answeredAt: string | null;
  outcome: string | null;
  /** Something that looked like a password was masked before storing (R7); optional for older servers. */
  masked?: boolean;
  attachments: Attachment[];
}

export interface TicketEvent {
  id: string;
  type: string;
  actorId: string | null;
  data: Record<string, unknown>;
  at: string;
}

export interface TicketDetail {
  ticket: Ticket;
  customer: PersonRef;
  messages: Message[];
  events: TicketEvent[];
}

export interface License {
  key: string;
  customerId: string;
  product: string;
  edition: string | null;
  type: 'commercial' | 'free' | 'trial' | string;
  purchasedOn: string;
  domains: string[];
  status: string;
  createdAt: string;
  updatedAt: string;
}

export interface Entitlement {
  supportEligible: boolean;
  /** The last local date on which a message is still guaranteed a reply time. */
  guaranteedUntil: string | null;
  reason: 'guaranteed' | 'guarantee_ended' | 'no_commercial_license';
  /** Business minutes within which a question is answered while guaranteed; null: no target. */
  replyTargetMinutes: number | null;
}

export interface CustomerProfile {
  user: User;
  licenses: License[];
  entitlement: Entitlement;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface CannedResponse {
  id: string;
  title: string;
}

export type DeclineExplanations = Record<DeclineReason, { en: string; ru: string }>;

export interface TicketQuery {
  queue?: QueueName;
  scope?: 'active' | 'archive' | 'all';
  kind?: string;
  status?: string;
  assigneeId?: string;
  tag?: string;
  customerId?: string;
  licenseKey?: string;
  q?: string;
  createdFrom?: string;
  createdTo?: string;
  updatedFrom?: string;
  updatedTo?: string;
  sort?: TicketSort;
  limit?: number;
  cursor?: string;
}

export const TICKET_SORTS = ['updated_desc', 'updated_asc', 'created_desc', 'created_asc'] as const;
export type TicketSort = (typeof TICKET_SORTS)[number];

export interface NewTicket {
  kind: TicketKind;
  subject: string;
  body: string;
  licenseKey?: string;
  site?: string;
  attachmentIds?: string[];
}

export interface NewMessage {
  body: string;
  internal?: boolean;
  status?: 'open' | 'pending' | 'resolved';
  attachmentIds?: string[];
}

export interface TicketChanges {
  status?: TicketStatus;
  priority?: Priority;
  tags?: string[];
  subject?: string;
  kind?: TicketKind;
  assigneeId?: string | null;
}

/** True when the server has no such route yet (features built alongside this screen degrade instead of failing). */
export function isMissingRoute(error: unknown): boolean {
  return isApiError(error) && error.code === 'request.route_not_found';
}

/** `?a=1&b=2` from the defined, non-empty values. */
export function toQueryString(query: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

const id = (value: string) => encodeURIComponent(value);

export const ticketsApi = {
  list: (query: TicketQuery) => callApi<Page<TicketListItem>>('GET', `/api/v1/tickets${toQueryString(query)}`),
  get: (ticketId: string) => callApi<TicketDetail>('GET', `/api/v1/tickets/${id(ticketId)}`),
  create: (body: NewTicket) => callApi<Ticket>('POST', '/api/v1/tickets', body),
  addMessage: (ticketId: string, body: NewMessage) =>
    callApi<{ ticket: Ticket; message: Message; followUp: boolean }>('POST', `/api/v1/tickets/${id(ticketId)}/messages`, body),
  decline: (ticketId: string, body: { reason: DeclineReason; note?: string }) =>
    callApi<{ ticket: Ticket; message: Message }>('POST', `/api/v1/tickets/${id(ticketId)}/decline`, body),
  update: (ticketId: string, changes: TicketChanges) => callApi<Ticket>('PATCH', `/api/v1/tickets/${id(ticketId)}`, changes),
  merge: (ticketId: string, targetId: string) => callApi<Ticket>('POST', `/api/v1/tickets/${id(ticketId)}/merge`, { targetId }),
  rate: (ticketId: string, body: { rating: number; comment?: string }) => callApi<Ticket>('POST', `/api/v1/tickets/${id(ticketId)}/rating`, body),
  queues: () => callApi<Record<string, number>>('GET', '/api/v1/queues'),
  declineReasons: () => callApi<DeclineExplanations>('GET', '/api/v1/decline-reasons'),
  /** Tells other agents this one is replying; the server drops repeats within 3 s. */
  typing: (ticketId: string) => callApi<void>('POST', `/api/v1/tickets/${id(ticketId)}/typing`),
};

export const peopleApi = {
  myLicenses: () => callApi<{ items: License[] }>('GET', '/api/v1/me/licenses'),
  myEntitlement: () => callApi<Entitlement>('GET', '/api/v1/me/entitlement'),
  customer: (customerId: string) => callApi<CustomerProfile>('GET', `/api/v1/customers/${id(customerId)}`),
  /** Everyone who can be assigned a ticket: agents and admins. */
  async staff(): Promise<User[]> {
    const [agents, admins] = await Promise.all([
      callApi<Page<User>>('GET', '/api/v1/users?role=agent&limit=200'),
      callApi<Page<User>>('GET', '/api/v1/users?role=admin&limit=200'),
    ]);
    return [...agents.items, ...admins.items].filter((user) => !user.disabled).sort((a, b) => a.name.localeCompare(b.name));
  },
};

export const attachmentsApi = {
  upload: (file: File) => uploadFile<Omit<Attachment, 'url'>>('/api/v1/attachments', file),
};

export interface AgentSummary {
  id: string;
  name: string;
  available: boolean;
  openTickets: number;
}

export const agentsApi = {
  list: () => callApi<{ items: AgentSummary[] }>('GET', '/api/v1/agents'),
  /** Whether the signed-in agent takes new tickets by round robin. */
  setAvailability: (available: boolean) => callApi<AgentSummary>('PUT', '/api/v1/me/availability', { available }),
};

export const cannedApi = {
  async list(): Promise<CannedResponse[]> {
    // Either a bare array or a page; the canned-responses feature was being built alongside this screen.
    const result = await callApi<CannedResponse[] | { items: CannedResponse[] }>('GET', '/api/v1/canned-responses');
    return Array.isArray(result) ? result : result.items;
  },
  render: (cannedId: string, ticketId: string) => callApi<{ body: string }>('POST', `/api/v1/canned-responses/${id(cannedId)}/render`, { ticketId }),
};
