import { describe, expect, it } from '@jest/globals';
import { shouldPauseSubscription, webhookEventOfAudit, webhookEventOfNewCustomer } from './webhook-events.js';

const at = new Date('2026-12-05T07:00:00Z');
const record = (type: string, after: Record<string, unknown> = {}, before: Record<string, unknown> = {}) => ({
  type,
  key: 'k1',
  customerIds: ['c1', 'c2'],
  before,
  after,
  at,
});

describe('webhookEventOfAudit', () => {
  it.each([
    ['customer.merged', { mergeId: 'k1', survivorId: 'c1', victimIds: ['c2'], moved: { conversations: 2 } }],
    ['merge.undone', { mergeId: 'm1', restoredIds: ['c2'] }],
    ['identity.detached', { detachId: 'k1', identityId: 'i1' }],
    ['conversation.moved', { conversationId: 'v1' }],
  ])('%s: id from type and key, the record’s customers, its result as data', (type, after) => {
    expect(webhookEventOfAudit(record(type, after))).toEqual({
      eventId: `${type}:k1`,
      type,
      customerIds: ['c1', 'c2'],
      data: { customerIds: ['c1', 'c2'], ...after },
      occurredAt: at,
    });
  });

  it('customer.updated: the customer and each changed field as it was and became', () => {
    expect(webhookEventOfAudit(record('customer.updated', { name: 'B' }, { name: 'A' }))?.data).toEqual({
      customerId: 'c1',
      changes: { before: { name: 'A' }, after: { name: 'B' } },
    });
  });

  it.each([
    'suggestion.accepted',
    'suggestion.rejected',
    'settings.identity.updated',
    'identity.joined',
    'detach.undone',
  ])('%s is not an event for integrations', (type) => {
    expect(webhookEventOfAudit(record(type))).toBeUndefined();
  });

  it('names the same event when the record is read again', () => {
    expect(webhookEventOfAudit(record('customer.merged'))?.eventId).toBe(
      webhookEventOfAudit(record('customer.merged'))?.eventId,
    );
  });
});

describe('webhookEventOfNewCustomer', () => {
  it('is named by the customer and happened when it was created', () => {
    expect(webhookEventOfNewCustomer({ id: 'c9', kind: 'contact', createdAt: at })).toEqual({
      eventId: 'customer.created:c9',
      type: 'customer.created',
      customerIds: ['c9'],
      data: { customerId: 'c9', kind: 'contact', name: null },
      occurredAt: at,
    });
  });
});

describe('shouldPauseSubscription', () => {
  const day = 24 * 3600_000;
  it.each([
    ['not failing', undefined, false],
    ['failing a day less 1 ms', new Date(at.getTime() - day + 1), false],
    ['failing a day', new Date(at.getTime() - day), true],
    ['failing two days', new Date(at.getTime() - 2 * day), true],
  ])('%s → paused %s', (_case, failingSince, paused) => {
    expect(shouldPauseSubscription(failingSince, at, day)).toBe(paused);
  });
});
