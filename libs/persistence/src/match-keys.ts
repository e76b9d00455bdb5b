/** Whether stored match keys are already the derived ones (both sorted, as the domain derives them). */
export function sameKeys(stored: readonly string[] | undefined, derived: readonly string[]): boolean {
  const held = [...(stored ?? [])].sort();
  return held.length === derived.length && held.every((key, index) => key === derived[index]);
}
