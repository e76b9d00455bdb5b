/** One key per unordered pair, so a suggestion for (a, b) and one for (b, a) are the same record. */
export function pairKey(a: string, b: string): string {
  if (a === b) throw new RangeError(`a customer cannot pair with itself (${a})`);
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}
