import { describe, expect, it } from '@jest/globals';
import { escapeRegExp } from './regex.js';

describe('escapeRegExp', () => {
  it.each([
    ['example.com', 'example\\.com'],
    ['a+b(c)', 'a\\+b\\(c\\)'],
  ])('%s → %s', (text, escaped) => {
    expect(escapeRegExp(text)).toBe(escaped);
    expect(new RegExp(`^${escapeRegExp(text)}$`).test(text)).toBe(true);
  });
});
