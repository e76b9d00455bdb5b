import { describe, expect, it } from '@jest/globals';
import { emailDomainPattern, escapeRegExp } from './regex.js';

describe('escapeRegExp', () => {
  it.each([
    ['example.com', 'example\\.com'],
    ['a+b(c)', 'a\\+b\\(c\\)'],
  ])('%s → %s', (text, escaped) => {
    expect(escapeRegExp(text)).toBe(escaped);
    expect(new RegExp(`^${escapeRegExp(text)}$`).test(text)).toBe(true);
  });
});

describe('emailDomainPattern', () => {
  it.each([
    ['ann@gmail.com', true],
    ['ann@googlemail.com', true],
    ['ann@gmailxcom', false],
    ['ann@notgmail.com', false],
    ['ann@gmail.com.evil', false],
  ])('%s → %s', (address, matches) => {
    expect(emailDomainPattern(['gmail.com', 'googlemail.com']).test(address)).toBe(matches);
  });
});
