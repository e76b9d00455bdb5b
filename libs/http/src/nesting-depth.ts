/** Deeper than any request the api takes: bulk pairs and identity settings nest three or four levels. */
export const MAX_REQUEST_NESTING = 32;

const isPlainData = (value: unknown): value is object =>
  Array.isArray(value) ||
  (value !== null &&
    typeof value === 'object' &&
    [Object.prototype, null].includes(Object.getPrototypeOf(value) as object | null));

/**
 * Whether arrays and plain objects in `value` (parsed request data) nest deeper than `limit` levels, found without
 * recursion (the point is to refuse what would overflow the stack of recursive readers such as class-transformer).
 * Instances of classes (a socket handed to a gateway handler) are not request data and are not walked.
 */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (!isPlainData(next.value)) continue;
    const depth = next.depth + 1;
    if (depth > limit) return true;
    for (const child of Object.values(next.value)) pending.push({ value: child, depth });
  }
  return false;
}
