/** Text to match literally inside a regular expression (user input, domains). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Addresses ending in `@` one of the domains. */
export function emailDomainPattern(domains: string[]): RegExp {
  return new RegExp(`@(${domains.map(escapeRegExp).join('|')})$`);
}
