// @vitest-environment happy-dom
import { h, render } from 'preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PopupSpan } from '../../../src/shared/messages';
import { SpanCard } from '../../../src/ui/span-card';
import { parseDocumentHash } from '../../../src/ui/document-link';

const span = (source: PopupSpan['source']): PopupSpan => ({
  spanId: 's1',
  kind: 'exact',
  words: 12,
  score: 1,
  edits: 0,
  replyText: 'it lived in a tin box under the floorboards',
  sharedBy: 1,
  source,
  diff: [],
});

const SOURCE = {
  docId: 'doc 7/ü',
  title: 'Salt and Ledger',
  sourceStart: 1200,
  sourceEnd: 1264,
  percent: 40,
  before: '',
  passage: 'it lived in a tin box under the floorboards',
  after: '',
};

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const openLink = (): HTMLAnchorElement | undefined =>
  [...root.querySelectorAll('a')].find((a) => a.textContent === 'Open in library');

describe("a span card's link to its source", () => {
  it('opens the document page in a new tab at the passage the span came from', () => {
    render(h('ul', null, h(SpanCard, { span: span(SOURCE), citation: () => '' })), root);
    const link = openLink();
    expect(link?.target).toBe('_blank');
    const href = link?.getAttribute('href') ?? '';
    expect(href.startsWith('/src/document/index.html#')).toBe(true);
    expect(parseDocumentHash(href.slice(href.indexOf('#')))).toEqual({
      docId: 'doc 7/ü',
      range: { from: 1200, to: 1264 },
    });
  });

  it('offers no link when the source is no longer in the library', () => {
    render(h('ul', null, h(SpanCard, { span: span(null), citation: () => '' })), root);
    expect(openLink()).toBeUndefined();
  });
});

describe('reading a document link', () => {
  it.each([
    ['#doc=a', { docId: 'a' }],
    ['#doc=a&from=5&to=9', { docId: 'a', range: { from: 5, to: 9 } }],
    ['#doc=a&from=9&to=5', { docId: 'a' }],
    ['#doc=a&from=-1&to=5', { docId: 'a' }],
    ['#doc=a&from=x&to=5', { docId: 'a' }],
    ['#from=1&to=2', undefined],
    ['', undefined],
  ])('%s', (hash, expected) => {
    expect(parseDocumentHash(hash)).toEqual(expected);
  });
});
