import { describe, expect, it } from 'vitest';
import { rangeFromOffsets } from '../../src/content/text/range-from-offsets';
import { readReplyText } from '../../src/content/text/read-reply-text';
import type { ReplyText } from '../../src/content/text/reply-text';
import { loadHtml } from './load-html';

/** Reads the children of <body id="root"> (or every .root element) of `html`. */
function read(html: string, exclude: string[] = []): ReplyText {
  const doc = loadHtml(`<!doctype html><html><body>${html}</body></html>`);
  const roots = Array.from(doc.querySelectorAll('.root'));
  return readReplyText(roots.length > 0 ? roots : [doc.body], exclude);
}

/** The part of `text.slice(start, end)` copied from text nodes (what a Range over it shows). */
function nodeTextBetween(reply: ReplyText, start: number, end: number): string {
  return reply.segments
    .map((seg) => reply.text.slice(Math.max(start, seg.start), Math.min(end, seg.end)))
    .filter(
      (_, i) => (reply.segments[i]?.end ?? 0) > start && (reply.segments[i]?.start ?? 0) < end,
    )
    .join('');
}

describe('rangeFromOffsets maps reply offsets back to the DOM', () => {
  it.each([
    ['inline markup', '<p>Hello <b>bold <i>nested</i></b> world</p><p>Next</p>'],
    [
      'lists and tables',
      '<ul><li>a</li><li>bc</li></ul><table><tr><td>1</td><td>22</td></tr></table>',
    ],
    ['a code block', '<pre><code>a = 1\n  b</code></pre><p>end</p>'],
    ['surrogate pairs', '<p>😀a</p><p>b😀</p>'],
  ])('every span round-trips through a Range (%s)', (_name, html) => {
    const reply = read(html);
    const length = reply.text.length;
    for (let start = 0; start <= length; start++) {
      for (let end = start; end <= length; end++) {
        const expected = nodeTextBetween(reply, start, end);
        const range = rangeFromOffsets(reply, start, end);
        if (expected === '' && start !== end) {
          expect(range, `[${start}, ${end}) covers separators only`).toBeNull();
        } else {
          expect(range?.toString(), `[${start}, ${end})`).toBe(expected);
        }
      }
    }
  });

  it('moves a start on a separator forward and an end on a separator back', () => {
    const reply = read('<p>ab</p><p>cd</p>');
    expect(reply.text).toBe('ab\ncd');
    const range = rangeFromOffsets(reply, 2, 3);
    expect(range).toBeNull();
    const across = rangeFromOffsets(reply, 1, 4);
    expect(across?.startContainer).toBe(reply.segments[0]?.node);
    expect(across?.startOffset).toBe(1);
    expect(across?.endContainer).toBe(reply.segments[1]?.node);
    expect(across?.endOffset).toBe(1);
    const startOnSeparator = rangeFromOffsets(reply, 2, 5);
    expect(startOnSeparator?.startContainer).toBe(reply.segments[1]?.node);
    expect(startOnSeparator?.startOffset).toBe(0);
    const endOnSeparator = rangeFromOffsets(reply, 0, 3);
    expect(endOnSeparator?.endContainer).toBe(reply.segments[0]?.node);
    expect(endOnSeparator?.endOffset).toBe(2);
  });

  it('spans an excluded subtree between two text nodes without counting it', () => {
    const reply = read('<p>ab<span class="cite">[1]</span>cd</p>', ['.cite']);
    expect(reply.text).toBe('abcd');
    const range = rangeFromOffsets(reply, 1, 3);
    expect(range?.startContainer).toBe(reply.segments[0]?.node);
    expect(range?.endContainer).toBe(reply.segments[1]?.node);
    expect(range?.endOffset).toBe(1);
  });

  it('covers a whole surrogate pair with two UTF-16 offsets', () => {
    const reply = read('<p>a😀b</p>');
    expect(rangeFromOffsets(reply, 1, 3)?.toString()).toBe('😀');
  });

  it('gives a collapsed range for an empty span', () => {
    const reply = read('<p>abc</p>');
    const range = rangeFromOffsets(reply, 2, 2);
    expect(range?.collapsed).toBe(true);
    expect(range?.startOffset).toBe(2);
    expect(rangeFromOffsets(reply, 3, 3)?.startOffset).toBe(3);
  });

  it.each([
    ['negative start', -1, 2],
    ['end past the text', 0, 4],
    ['reversed span', 2, 1],
    ['fractional offset', 0.5, 2],
    ['NaN', Number.NaN, 2],
  ])('returns null for a %s', (_name, start, end) => {
    expect(rangeFromOffsets(read('<p>abc</p>'), start, end)).toBeNull();
  });

  it('returns null for a reply without text', () => {
    expect(rangeFromOffsets(read(''), 0, 0)).toBeNull();
  });
});
