import { describe, expect, it } from 'vitest';
import {
  applyTextChange,
  commonPrefixLength,
  describeTextChange,
  type HeldText,
} from '../../../src/shared/reply-text-change';

const held = (text: string, revision = 3): HeldText => ({ revision, text });

describe('the text change a content script sends', () => {
  it.each([
    ['nothing held yet', undefined, 'The keeper', { kind: 'whole', text: 'The keeper' }],
    [
      'streamed words appended',
      held('The keeper'),
      'The keeper climbed',
      { kind: 'tail', baseRevision: 3, baseLength: 10, keep: 10, tail: ' climbed' },
    ],
    [
      'the same text again (a rescan)',
      held('The keeper'),
      'The keeper',
      { kind: 'tail', baseRevision: 3, baseLength: 10, keep: 10, tail: '' },
    ],
    [
      'markdown re-rendered at the end',
      held('The **keep'),
      'The keeper',
      { kind: 'tail', baseRevision: 3, baseLength: 10, keep: 4, tail: 'keeper' },
    ],
    [
      'the end cut off',
      held('The keeper climbed'),
      'The keeper',
      { kind: 'tail', baseRevision: 3, baseLength: 18, keep: 10, tail: '' },
    ],
    [
      'a regenerated reply with nothing in common',
      held('The keeper'),
      'A lighthouse',
      { kind: 'whole', text: 'A lighthouse' },
    ],
    [
      'text after an empty one',
      held(''),
      'The keeper',
      { kind: 'tail', baseRevision: 3, baseLength: 0, keep: 0, tail: 'The keeper' },
    ],
    [
      'a CRLF line break appended',
      held('Line one'),
      'Line one\r\nLine two',
      { kind: 'tail', baseRevision: 3, baseLength: 8, keep: 8, tail: '\r\nLine two' },
    ],
    [
      'an emoji completed after half a surrogate pair',
      held('Fire \ud83d'),
      'Fire \ud83d\udd25!',
      { kind: 'tail', baseRevision: 3, baseLength: 6, keep: 5, tail: '\ud83d\udd25!' },
    ],
    [
      'another emoji with the same high surrogate',
      held('Fire \ud83d\udd25'),
      'Fire \ud83d\ude00',
      { kind: 'tail', baseRevision: 3, baseLength: 7, keep: 5, tail: '\ud83d\ude00' },
    ],
  ] as const)('%s', (_name, base, text, expected) => {
    const change = describeTextChange(base, text);
    expect(change).toEqual(expected);
    // Whatever is sent, the background rebuilds exactly the text.
    expect(applyTextChange(base, change)).toBe(text);
  });

  it('sends a 30,000-character streaming reply as its new words only', () => {
    const base = 'word '.repeat(6000);
    const change = describeTextChange(held(base), `${base}and more`);
    expect(change.kind === 'tail' && change.tail).toBe('and more');
  });
});

describe('the whole text the background rebuilds', () => {
  it.each([
    ['another revision', { kind: 'tail', baseRevision: 2, baseLength: 10, keep: 10, tail: '!' }],
    ['another length', { kind: 'tail', baseRevision: 3, baseLength: 11, keep: 10, tail: '!' }],
    [
      'more kept than the base has',
      { kind: 'tail', baseRevision: 3, baseLength: 10, keep: 11, tail: '!' },
    ],
  ] as const)('is unknown when the tail builds on %s', (_name, change) => {
    expect(applyTextChange(held('The keeper'), change)).toBeUndefined();
  });

  it('is unknown for a tail when nothing is held, and a whole text needs nothing held', () => {
    expect(
      applyTextChange(undefined, {
        kind: 'tail',
        baseRevision: 0,
        baseLength: 0,
        keep: 0,
        tail: 'x',
      }),
    ).toBeUndefined();
    expect(applyTextChange(undefined, { kind: 'whole', text: '' })).toBe('');
    expect(applyTextChange(held('old'), { kind: 'whole', text: 'new' })).toBe('new');
  });
});

describe('the common prefix of two texts', () => {
  it.each([
    ['', '', 0],
    ['', 'abc', 0],
    ['abc', 'abcdef', 3],
    ['abcdef', 'abc', 3],
    ['abXdef', 'abYdef', 2],
    ['caf\u00e9', 'cafe\u0301', 3],
  ])('of %j and %j is %i code units', (a, b, n) => {
    expect(commonPrefixLength(a, b)).toBe(n);
  });

  it.each([
    ['a long text and its continuation', 'w'.repeat(5000), `${'w'.repeat(5000)} and more`, 5000],
    [
      'two long texts that differ near the end',
      `${'w'.repeat(5000)}a`,
      `${'w'.repeat(5000)}b`,
      5000,
    ],
    [
      'two long texts that differ at a multiple of 1024',
      `${'w'.repeat(2048)}a${'w'.repeat(100)}`,
      `${'w'.repeat(2048)}b${'w'.repeat(100)}`,
      2048,
    ],
    [
      'two long texts that differ just before it',
      `${'w'.repeat(1023)}a${'w'.repeat(3000)}`,
      `${'w'.repeat(1023)}b${'w'.repeat(3000)}`,
      1023,
    ],
    ['two long texts that differ at the start', `a${'w'.repeat(3000)}`, `b${'w'.repeat(3000)}`, 0],
  ])('of %s is the length before the first difference', (_name, a, b, n) => {
    expect(commonPrefixLength(a, b)).toBe(n);
  });
});
