import { describe, expect, it } from 'vitest';
import type { VaultRequest } from '../../db/types.js';
import { computeExpiry, endReasonFor, mayReveal, needsCredentialChange, statusAfterEnd } from './vault.models.js';

const DAY = 24 * 3600_000;
const NOW = Date.parse('2026-11-27T16:00:00Z');

const request = (changes: Partial<VaultRequest> = {}): VaultRequest => ({
  id: 'r',
  ticket_id: 't',
  customer_id: 'c',
  requested_by: 'a',
  kind: 'ftp',
  reason: 'why',
  status: 'submitted',
  created_at: NOW,
  updated_at: NOW,
  submitted_at: NOW,
  expires_at: NOW + 7 * DAY,
  last_revealed_at: null,
  ended_at: null,
  end_reason: null,
  reminders_sent: 0,
  next_reminder_at: null,
  changed_confirmed_at: null,
  ...changes,
});

describe('the rules of an access request', () => {
  it('the assigned agent and admins may reveal; another agent and the customer may not', () => {
    const ticket = { assignee_id: 'agent-1' };
    expect(mayReveal({ user: { id: 'agent-1', role: 'agent' }, ticket })).toBe(true);
    expect(mayReveal({ user: { id: 'admin-1', role: 'admin' }, ticket })).toBe(true);
    expect(mayReveal({ user: { id: 'agent-2', role: 'agent' }, ticket })).toBe(false);
    expect(mayReveal({ user: { id: 'agent-1', role: 'customer' }, ticket })).toBe(false);
    expect(mayReveal({ user: { id: 'agent-1', role: 'agent' }, ticket: { assignee_id: null } })).toBe(false);
  });

  it('a secret lives as long as the customer chose, never longer than the setting, at least a day', () => {
    expect(computeExpiry({ submittedAt: NOW, maxDays: 7 })).toBe(NOW + 7 * DAY);
    expect(computeExpiry({ submittedAt: NOW, requestedDays: 2, maxDays: 7 })).toBe(NOW + 2 * DAY);
    expect(computeExpiry({ submittedAt: NOW, requestedDays: 30, maxDays: 7 })).toBe(NOW + 7 * DAY);
    expect(computeExpiry({ submittedAt: NOW, requestedDays: 0, maxDays: 7 })).toBe(NOW + DAY);
  });

  it('an active request ends with its ticket or when its secret expires; an ended one never ends again', () => {
    expect(endReasonFor({ request: request(), ticket: { status: 'open' }, now: NOW })).toBeNull();
    expect(endReasonFor({ request: request(), ticket: { status: 'resolved' }, now: NOW })).toBe('ticket_resolved');
    expect(endReasonFor({ request: request(), ticket: { status: 'closed' }, now: NOW })).toBe('ticket_closed');
    expect(endReasonFor({ request: request(), ticket: { status: 'pending' }, now: NOW + 7 * DAY })).toBe('expired');
    expect(endReasonFor({ request: request({ status: 'destroyed' }), ticket: { status: 'closed' }, now: NOW })).toBeNull();
  });

  it('given credentials are destroyed, an unanswered request is cancelled, and only given ones need changing', () => {
    expect(statusAfterEnd({ request: request(), reason: 'ticket_resolved' })).toBe('destroyed');
    expect(statusAfterEnd({ request: request({ status: 'requested', submitted_at: null }), reason: 'ticket_resolved' })).toBe('cancelled');
    expect(statusAfterEnd({ request: request(), reason: 'withdrawn' })).toBe('withdrawn');
    expect(needsCredentialChange(request({ ended_at: NOW }))).toBe(true);
    expect(needsCredentialChange(request({ ended_at: NOW, changed_confirmed_at: NOW }))).toBe(false);
    expect(needsCredentialChange(request({ ended_at: NOW, submitted_at: null }))).toBe(false);
  });
});
