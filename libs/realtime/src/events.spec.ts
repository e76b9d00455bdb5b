import { describe, expect, it } from '@jest/globals';
import { customerRoom, customersOf, tenantRoom, userRoom } from './events.js';

describe('rooms', () => {
  it('scopes customer and user rooms by tenant', () => {
    expect(userRoom('t1', 'u1')).toBe('tenant:t1:user:u1');
    expect(userRoom('t1', 'u1')).not.toBe(userRoom('t2', 'u1'));
    expect(customerRoom('t1', 'c1')).toBe('tenant:t1:customer:c1');
    expect(customerRoom('t1', 'c1')).not.toBe(customerRoom('t2', 'c1'));
    expect(tenantRoom('t1')).toBe('tenant:t1');
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['message', { customerId: 'c1', conversationId: 'v1', messageId: 'm1' }, ['c1']],
    ['merge', { mergeId: 'g', survivorId: 's', victimIds: ['v1', 'v2'] }, ['s', 'v1', 'v2']],
    ['detach', { identityId: 'i', fromCustomerId: 'a', toCustomerId: 'b' }, ['a', 'b']],
    ['undo', { mergeId: 'g', survivorId: 's', restoredIds: ['r'] }, ['s', 'r']],
    ['suggestion', { suggestion: { customerIds: ['a', 'b'] } }, []],
  ])('finds the customers of a %s event', (_case, payload, customers) => {
    expect(customersOf(payload)).toEqual(customers);
  });
});
