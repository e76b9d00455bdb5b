import { describe, expect, it } from '@jest/globals';
import { formatSize } from './format';

describe('formatSize', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1 KB'],
    [300 * 1024 + 100, '300 KB'],
    [3.4 * 1024 * 1024, '3.4 MB'],
  ])('%i bytes read as %s', (bytes, expected) => {
    expect(formatSize(bytes)).toBe(expected);
  });
});
