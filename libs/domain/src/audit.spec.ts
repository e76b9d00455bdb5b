import { describe, expect, it } from '@jest/globals';
import { auditActorKey, changedFields, type AuditActor, type FieldChanges } from './audit.js';

describe('auditActorKey', () => {
  it.each<[AuditActor, string]>([
    [{ kind: 'user', id: '65f0a1', role: 'supervisor' }, 'user:65f0a1'],
    [{ kind: 'user', id: '65f0a1' }, 'user:65f0a1'],
    [{ kind: 'connector', keyId: 'k1' }, 'connector:k1'],
    [{ kind: 'system', rule: 'same-identifier' }, 'system:same-identifier'],
  ])('%j → %s', (actor, key) => {
    expect(auditActorKey(actor)).toBe(key);
  });
});

describe('changedFields', () => {
  type Profile = { name?: string | null; kind?: string; tags?: unknown[]; at?: Date };
  const fields = ['name', 'kind', 'tags', 'at'] as const;

  it.each<[string, Profile, Profile, FieldChanges | undefined]>([
    ['nothing changed', { name: 'Ann', kind: 'member' }, { name: 'Ann', kind: 'member' }, undefined],
    [
      'a renamed customer',
      { name: 'Ann', kind: 'member' },
      { name: 'Anne', kind: 'member' },
      { before: { name: 'Ann' }, after: { name: 'Anne' } },
    ],
    [
      'a name set for the first time',
      { kind: 'contact' },
      { name: 'Bo', kind: 'contact' },
      { before: { name: null }, after: { name: 'Bo' } },
    ],
    ['absent and null alike', { name: null }, {}, undefined],
    ['the same list in another order', { tags: ['a', 'b'] }, { tags: ['b', 'a'] }, undefined],
    [
      'an item added to a list',
      { tags: [{ type: 'phone', value: '+1' }] },
      {
        tags: [
          { type: 'phone', value: '+1' },
          { type: 'email', value: 'a@b' },
        ],
      },
      {
        before: { tags: [{ type: 'phone', value: '+1' }] },
        after: {
          tags: [
            { type: 'phone', value: '+1' },
            { type: 'email', value: 'a@b' },
          ],
        },
      },
    ],
    ['objects whose keys come in another order', { tags: [{ a: 1, b: 2 }] }, { tags: [{ b: 2, a: 1 }] }, undefined],
    [
      'an item whose flag changed',
      { tags: [{ v: 1, f: false }] },
      { tags: [{ v: 1, f: true }] },
      { before: { tags: [{ v: 1, f: false }] }, after: { tags: [{ v: 1, f: true }] } },
    ],
    ['equal dates', { at: new Date(5) }, { at: new Date(5) }, undefined],
    [
      'two fields at once',
      { name: 'A', kind: 'contact' },
      { name: 'B', kind: 'member' },
      { before: { name: 'A', kind: 'contact' }, after: { name: 'B', kind: 'member' } },
    ],
  ])('%s', (_case, before, after, expected) => {
    expect(changedFields(before, after, fields)).toEqual(expected);
  });

  it('looks only at the fields it is given', () => {
    expect(changedFields({ name: 'A', kind: 'x' }, { name: 'A', kind: 'y' }, ['name'])).toBeUndefined();
  });
});
