import { createHash, timingSafeEqual } from 'node:crypto';

/** Compares digests of both sides, so neither the content nor the length of the expected value leaks through timing. */
export function constantTimeEquals(actual: string, expected: string): boolean {
  return timingSafeEqual(digest(actual), digest(expected));
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
