import { describe, expect, it } from '@jest/globals';
import { chosenHolder, fieldLabel, resultValue, valueLabel, type MergeConflict } from './picks';
import type { MergePreview } from '../suggestions/types';

const result = (fields: Partial<MergePreview['result']>): MergePreview['result'] => ({
  name: null,
  kind: 'contact',
  contactData: [],
  uniqueIdentifiers: [],
  lastActiveAt: null,
  ...fields,
});

const names: MergeConflict = {
  field: 'name',
  values: [
    { customerId: 'kept', value: 'Maria S.' },
    { customerId: 'removed', value: 'Maria Silva' },
  ],
};
const crmIds: MergeConflict = {
  field: 'uniqueIdentifiers.crmId',
  values: [
    { customerId: 'kept', value: 'A-1, A-2' },
    { customerId: 'removed', value: 'B-1' },
  ],
};

describe('resultValue', () => {
  it.each([
    ['name', result({ name: 'Maria Silva' }), 'Maria Silva'],
    ['name', result({ name: null }), undefined],
    ['kind', result({ kind: 'member' }), 'member'],
    [
      'uniqueIdentifiers.crmId',
      result({
        uniqueIdentifiers: [
          { type: 'crmId', value: 'A-2' },
          { type: 'loyalty', value: 'L-9' },
          { type: 'crmId', value: 'A-1' },
        ],
      }),
      'A-1, A-2',
    ],
    ['uniqueIdentifiers.crmId', result({ uniqueIdentifiers: [{ type: 'loyalty', value: 'L-9' }] }), undefined],
    ['lastActiveAt', result({}), undefined],
  ])('%s of %j is %s', (field, fields, expected) => {
    expect(resultValue(field, fields)).toBe(expected);
  });
});

describe('chosenHolder', () => {
  it.each([
    ['no pick: the holder of the value the result shows', names, result({ name: 'Maria S.' }), {}, 'kept'],
    ['no pick, the result holding the other value', names, result({ name: 'Maria Silva' }), {}, 'removed'],
    ['a pick wins over what the result shows', names, result({ name: 'Maria S.' }), { name: 'removed' }, 'removed'],
    ['a pick of a customer holding no value is ignored', names, result({ name: 'Maria S.' }), { name: 'x' }, 'kept'],
    ['a pick of another field changes nothing', names, result({ name: 'Maria S.' }), { kind: 'removed' }, 'kept'],
    [
      'identifiers compare as the preview writes them',
      crmIds,
      result({
        uniqueIdentifiers: [
          { type: 'crmId', value: 'A-2' },
          { type: 'crmId', value: 'A-1' },
        ],
      }),
      {},
      'kept',
    ],
    ['a result matching no value: nobody', names, result({ name: 'Someone else' }), {}, undefined],
  ])('%s', (_case, conflict, fields, picks, expected) => {
    expect(chosenHolder(conflict, fields, picks)).toBe(expected);
  });
});

describe('labels', () => {
  it.each([
    ['name', 'Name'],
    ['kind', 'Kind'],
    ['uniqueIdentifiers.crmId', 'Unique identifier crmId'],
    ['other', 'other'],
  ])('field %s reads %s', (field, expected) => {
    expect(fieldLabel(field)).toBe(expected);
  });

  it.each([
    ['kind', 'member', 'Member'],
    ['kind', 'contact', 'Contact'],
    ['name', 'member', 'member'],
  ])('%s value %s reads %s', (field, value, expected) => {
    expect(valueLabel(field, value)).toBe(expected);
  });
});
