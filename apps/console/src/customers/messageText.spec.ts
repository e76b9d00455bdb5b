import { describe, expect, it } from '@jest/globals';
import { previewOf } from './messageText';

describe('previewOf', () => {
  it.each([
    ['a text within the limit is whole', 'short text', 20, 'short text', 0],
    ['a text of exactly the limit is whole', 'x'.repeat(20), 20, 'x'.repeat(20), 0],
    ['cut at the last space before the limit', 'alpha beta gamma delta epsilon', 20, 'alpha beta gamma', 14],
    ['cut at a line break when it is the last break', 'alpha beta gamma\ndelta epsilon', 20, 'alpha beta gamma', 14],
    ['cut at the limit when no break is near it', 'x'.repeat(30), 20, 'x'.repeat(20), 10],
    ['cut at the limit when the last break is far before it', `ab ${'x'.repeat(30)}`, 20, `ab ${'x'.repeat(17)}`, 13],
  ])('%s', (_case, text, limit, shown, hidden) => {
    expect(previewOf(text, limit)).toEqual({ shown, hidden });
  });

  it('hides exactly what it does not show', () => {
    const text = 'Please find the signed contract attached. '.repeat(100);
    const { shown, hidden } = previewOf(text, 1_000);
    expect(shown.length + hidden).toBe(text.length);
    expect(text.startsWith(shown)).toBe(true);
  });
});
