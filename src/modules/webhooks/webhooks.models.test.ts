import { describe, expect, it } from 'vitest';
import { laneOf, retryDelayMs, RETRY_FOR_MS, signPayload, verifySignature, webhookTypesOfTicketEvent } from './webhooks.models.js';

describe('webhook rules', () => {
  it('ticket timeline events map to the webhook events they stand for; notes and other entries send nothing', () => {
    expect(webhookTypesOfTicketEvent({ type: 'created', data: {} })).toEqual(['ticket.created']);
    expect(webhookTypesOfTicketEvent({ type: 'message_added', data: {}, authorRole: 'customer' })).toEqual(['message.customer']);
    expect(webhookTypesOfTicketEvent({ type: 'message_added', data: {}, authorRole: 'agent' })).toEqual(['message.agent']);
    expect(webhookTypesOfTicketEvent({ type: 'message_added', data: {}, authorRole: 'system' })).toEqual([]);
    expect(webhookTypesOfTicketEvent({ type: 'status_changed', data: { to: 'pending' } })).toEqual(['ticket.status_changed']);
    expect(webhookTypesOfTicketEvent({ type: 'status_changed', data: { to: 'resolved' } })).toEqual(['ticket.status_changed', 'ticket.resolved']);
    expect(webhookTypesOfTicketEvent({ type: 'declined', data: {} })).toEqual(['ticket.declined', 'ticket.resolved']);
    expect(webhookTypesOfTicketEvent({ type: 'access_requested', data: {} })).toEqual(['access.requested']);
    for (const type of ['note_added', 'access_revealed', 'access_submitted', 'tags_changed', 'merged', 'secrets_masked'])
      expect(webhookTypesOfTicketEvent({ type, data: {} })).toEqual([]);
  });

  it('retries double from 10 s up to an hour apart, which is about thirty attempts in the 24 hours', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(retryDelayMs(9)).toBe(2_560_000);
    expect(retryDelayMs(10)).toBe(3_600_000);
    expect(retryDelayMs(50)).toBe(3_600_000);
    let attempts = 0;
    for (let at = 0; at < RETRY_FOR_MS; at += retryDelayMs(++attempts));
    expect(attempts).toBeGreaterThan(25);
    expect(attempts).toBeLessThan(35);
  });

  it('a signature covers the timestamp and the exact body, and expires after five minutes', () => {
    const now = Date.parse('2026-12-01T09:00:00Z');
    const header = signPayload({ secret: 's3cret', body: '{"a":1}', timestamp: now / 1000 });
    expect(header).toMatch(/^t=\d{10},v1=[0-9a-f]{64}$/);
    expect(verifySignature({ secret: 's3cret', body: '{"a":1}', header, now })).toBe(true);
    expect(verifySignature({ secret: 's3cret', body: '{"a": 1}', header, now })).toBe(false);
    expect(verifySignature({ secret: 'other', body: '{"a":1}', header, now })).toBe(false);
    expect(verifySignature({ secret: 's3cret', body: '{"a":1}', header: header.replace(/t=\d+/, `t=${now / 1000 + 1}`), now })).toBe(false);
    expect(verifySignature({ secret: 's3cret', body: '{"a":1}', header, now: now + 300_000 })).toBe(true);
    expect(verifySignature({ secret: 's3cret', body: '{"a":1}', header, now: now + 301_000 })).toBe(false);
    expect(verifySignature({ secret: 's3cret', body: '{"a":1}', header: 'garbage', now })).toBe(false);
  });

  it('events of one ticket, or one license, share a lane', () => {
    expect(laneOf({ ticketId: 't1' })).toBe('ticket:t1');
    expect(laneOf({ licenseKey: 'K-1' })).toBe('license:K-1');
    expect(laneOf({})).toBe('global');
  });
});
