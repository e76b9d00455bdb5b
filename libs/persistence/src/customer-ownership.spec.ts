import { describe, expect, it } from '@jest/globals';
import { CUSTOMER_OWNED, CUSTOMER_REFERENCE } from './customer-ownership.js';
import { MODEL_DEFINITIONS } from './models.js';

function customerReferences(): string[] {
  return MODEL_DEFINITIONS.flatMap(({ name, schema }) => {
    const paths: string[] = [];
    schema.eachPath((path) => {
      if (CUSTOMER_REFERENCE.test(path)) paths.push(`${name}.${path}`);
    });
    return paths;
  });
}

describe('the registry of customer-owned collections', () => {
  it('names every schema path that refers to a customer, so merges move or settle it', () => {
    const registered = CUSTOMER_OWNED.map((owned) => `${owned.model}.${owned.field}`);
    expect(customerReferences().sort()).toEqual([...registered].sort());
  });

  it.each([
    ['customerId', true],
    ['customerIds', true],
    ['previousCustomerId', true],
    ['mergedInto', true],
    ['survivorId', true],
    ['victimIds', true],
    ['openedFrom', true],
    ['channelId', false],
    ['tenantId', false],
    ['customers', false],
  ])('recognises %s as a customer reference: %s', (path, expected) => {
    expect(CUSTOMER_REFERENCE.test(path)).toBe(expected);
  });
});
