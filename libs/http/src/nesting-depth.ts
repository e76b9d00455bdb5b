/** Deeper than any request the api takes: bulk pairs and identity settings nest three or four levels. */
export const MAX_REQUEST_NESTING = 32;

/**
 * Whether objects and arrays in `value` nest deeper than `limit` levels, found without recursion (the point is to
 * refuse what would overflow the stack of recursive readers such as class-transformer).
 */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (next.value === null || typeof next.value !== 'object') continue;
    const depth = next.depth + 1;
    if (depth > limit) return true;
    for (const child of Object.values(next.value)) pending.push({ value: child, depth });
  }
  return false;
}
