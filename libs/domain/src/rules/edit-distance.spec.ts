import { describe, expect, it } from '@jest/globals';
import { editDistance } from './edit-distance.js';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['', 'ann', 3],
    ['ann', '', 3],
    ['ann', 'ann', 0],
    ['ann', 'anne', 1],
    ['anne', 'ann', 1],
    ['ann', 'amn', 1],
    ['john', 'jhon', 1],
    ['ab', 'ba', 1],
    ['abc', 'ca', 3],
    ['john.smith', 'jon.smyth', 2],
    ['john.smith', 'jon.smyth2', 3],
    ['kitten', 'sitting', 3],
    ['josé', 'jose', 1],
    ['josé', 'joes', 2],
    ['😀a', 'a😀', 1],
  ])('%j ↔ %j = %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});
