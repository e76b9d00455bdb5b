import { describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import { mergeCustomerIds } from './merge-customer-ids.js';

const survivor = new Types.ObjectId().toHexString();
const victim = new Types.ObjectId().toHexString();

describe('mergeCustomerIds', () => {
  it('gives the survivor first, then the victims', () => {
    expect(mergeCustomerIds(survivor, [victim]).map((id) => id.toHexString())).toEqual([survivor, victim]);
  });

  it.each([
    ['no victim', survivor, [], 'invalid_merge'],
    ['the survivor as its own victim', survivor, [survivor], 'invalid_merge'],
    ['a victim twice', survivor, [victim, victim], 'invalid_merge'],
    ['a malformed victim', survivor, ['not-an-id'], 'customer_not_found'],
    // mongoose's own check would take any 12 characters for an id.
    ['a 12-character survivor', 'twelve chars', [victim], 'customer_not_found'],
  ])('refuses %s', (_case, survivorId, victimIds, code) => {
    expect(() => mergeCustomerIds(survivorId, victimIds)).toThrow(expect.objectContaining({ code }));
  });
});
