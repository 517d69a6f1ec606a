import { describe, expect, it } from 'vitest';
import {
  boundedReplyId,
  isReplyId,
  isSpanId,
  MAX_REPLY_ID_CHARS,
} from '../../../src/shared/reply-id';

describe('bounded reply ids', () => {
  it.each(['msg-1', 'r3-abc', 'w12#2', '7f0c2a1e-9b6c-4b8e-a1f2-0c3d4e5f6a7b', 'ünïcode'])(
    'keeps the accepted id %s as it is',
    (id) => {
      expect(boundedReplyId(id)).toBe(id);
    },
  );

  it.each([
    ['an id of 100 000 characters', 'x'.repeat(100_000)],
    ['an id of 513 characters', 'y'.repeat(513)],
    ['an id with control characters', 'a\nb\u0000c'],
    ['an id with a lone surrogate', 'a\ud800b'],
  ])('turns %s into one the background accepts', (_name, id) => {
    const bounded = boundedReplyId(id);
    expect(isReplyId(bounded)).toBe(true);
    // Room for the `#n` suffix ReplyIds adds to a duplicate.
    expect(`${bounded}#99`.length).toBeLessThanOrEqual(MAX_REPLY_ID_CHARS);
    expect(boundedReplyId(id)).toBe(bounded);
  });

  it('keeps two long ids that differ only at the end apart', () => {
    const base = 'z'.repeat(1000);
    expect(boundedReplyId(`${base}1`)).not.toBe(boundedReplyId(`${base}2`));
  });

  it.each([
    ['abc123', true],
    ['abc123-2', true],
    ['ABC', false],
    ['', false],
    ['a b', false],
    ['x'.repeat(17), false],
  ])('reads %s as a span id: %s', (id, expected) => {
    expect(isSpanId(id)).toBe(expected);
  });
});
