import { describe, expect, it } from 'vitest';
import { diffWords } from '../../../src/core/index';

describe('diffWords', () => {
  it.each([
    [
      'identical texts are one kept run',
      'the salt keeper walked',
      'the salt keeper walked',
      [{ op: 'same', text: 'the salt keeper walked' }],
    ],
    [
      'a replaced word is removed then added',
      'the price of a loaf today',
      'the price of bread today',
      [
        { op: 'same', text: 'the price of' },
        { op: 'removed', text: 'a loaf' },
        { op: 'added', text: 'bread' },
        { op: 'same', text: 'today' },
      ],
    ],
    [
      'an inserted word is added',
      'she kept the ledger',
      'she carefully kept the ledger',
      [
        { op: 'same', text: 'she' },
        { op: 'added', text: 'carefully' },
        { op: 'same', text: 'kept the ledger' },
      ],
    ],
    [
      'case, curly quotes and edge punctuation are not edits',
      '“Wind the brass,” she said',
      '"wind the brass" She said.',
      [{ op: 'same', text: '"wind the brass" She said.' }],
    ],
    ['empty source: everything is added', '', 'new words', [{ op: 'added', text: 'new words' }]],
    ['empty reply: everything is removed', 'old words', '', [{ op: 'removed', text: 'old words' }]],
    [
      'CRLF and runs of spaces are only whitespace',
      'a\r\nb   c',
      'a b c',
      [{ op: 'same', text: 'a b c' }],
    ],
    [
      'unicode words compare by letters',
      'Ça coûte très cher',
      'ça coûte trop cher',
      [
        { op: 'same', text: 'ça coûte' },
        { op: 'removed', text: 'très' },
        { op: 'added', text: 'trop' },
        { op: 'same', text: 'cher' },
      ],
    ],
  ] as const)('%s', (_name, source, reply, expected) => {
    expect(diffWords(source, reply)).toEqual(expected);
  });
});
