import { slugify } from './slugify.js';

describe('slugify', () => {
  it.each([
    ['Demo Contact Center', 'demo-contact-center'],
    ['  Ünïcode   Café ', 'unicode-cafe'],
    ['ACME / Support #1', 'acme-support-1'],
    ['!!!', 'tenant'],
  ])('%s → %s', (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });
});
