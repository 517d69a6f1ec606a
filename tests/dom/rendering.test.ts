import { describe, expect, it } from 'vitest';
import { readReplyText } from '../../src/content/text/read-reply-text';
import {
  hiddenBy,
  rootHiddenBy,
  type Box,
  type RenderFacts,
  type StyleFacts,
} from '../../src/content/text/rendering';
import { loadHtml } from './load-html';

// happy-dom has no layout: these tests give the checks each element's style and boxes, by id.

const VISIBLE_STYLE: StyleFacts = {
  display: 'block',
  visibility: 'visible',
  opacity: '1',
  contentVisibility: 'visible',
  position: 'static',
  overflowX: 'visible',
  overflowY: 'visible',
  transform: 'none',
  clip: 'auto',
  clipPath: 'none',
};

/** Layout facts of one element: border box, and for a scroller, the area it scrolls over. */
interface Layout {
  box?: Box;
  scroll?: Box;
}

const box = (left: number, top: number, right: number, bottom: number): Box => ({
  left,
  top,
  right,
  bottom,
});
/** A line of text in the page's first screen. */
const LINE = box(0, 100, 600, 120);
const PAGE = box(0, 0, 1280, 3000);
const VIEWPORT = box(0, 0, 1280, 900);

function factsOf(
  styles: Record<string, Partial<StyleFacts>>,
  layouts: Record<string, Layout> = {},
): RenderFacts {
  const style = (el: Element): StyleFacts => ({ ...VISIBLE_STYLE, ...styles[el.id] });
  const boxOf = (el: Element): Box => layouts[el.id]?.box ?? LINE;
  return {
    style,
    box: boxOf,
    clientArea: boxOf,
    scrollArea: (el) => layouts[el.id]?.scroll ?? boxOf(el),
    page: () => PAGE,
    viewport: () => VIEWPORT,
  };
}

const BODY =
  '<div id="root"><p id="before">Kept before.</p><p id="x">Probe <b>text</b>.</p><p id="after">Kept after.</p></div>';

function readWith(
  styles: Record<string, Partial<StyleFacts>>,
  layouts: Record<string, Layout> = {},
  body = BODY,
) {
  const doc = loadHtml(`<!doctype html><html><body>${body}</body></html>`);
  const root = doc.getElementById('root') as Element;
  return {
    read: readReplyText([root], [], undefined, factsOf(styles, layouts)),
    doc,
  };
}

describe('the reader leaves out what the page style hides inside a reply', () => {
  it.each<[string, Partial<StyleFacts>, Layout?]>([
    ['display: none from a stylesheet', { display: 'none' }],
    ['visibility: hidden', { visibility: 'hidden' }],
    ['visibility: collapse', { visibility: 'collapse' }],
    ['opacity 0', { opacity: '0' }],
    ['an opacity too faint to read', { opacity: '0.02' }],
    ['content-visibility: hidden', { contentVisibility: 'hidden' }],
    [
      'clip: rect(0 0 0 0) on an absolute box',
      { position: 'absolute', clip: 'rect(0px, 0px, 0px, 0px)' },
    ],
    ['clip-path: inset(50%)', { clipPath: 'inset(50%)' }],
    ['clip-path: circle(0)', { clipPath: 'circle(0px at 50% 50%)' }],
    [
      'a 1px box that clips its overflow (sr-only)',
      { overflowX: 'hidden', overflowY: 'hidden' },
      { box: box(0, 100, 1, 101) },
    ],
    ['transform: scale(0)', { transform: 'matrix(0, 0, 0, 0, 0, 0)' }],
    [
      'an absolute box at negative page coordinates',
      { position: 'absolute' },
      { box: box(-10600, 40, -10000, 60) },
    ],
    [
      'an absolute box far beyond the page',
      { position: 'absolute' },
      { box: box(0, 90000, 600, 90020) },
    ],
    ['a fixed box outside the viewport', { position: 'fixed' }, { box: box(0, 1200, 600, 1220) }],
  ])('%s', (_, style, layout) => {
    const { read, doc } = readWith({ x: style }, layout ? { x: layout } : {});
    expect(read.text).toBe('Kept before.\nKept after.');
    // The segments still map each offset to its own text node.
    for (const segment of read.segments)
      expect(read.text.slice(segment.start, segment.end)).toBe(segment.node.data);
    const after = doc.getElementById('after')?.firstChild;
    expect(read.segments.at(-1)?.node).toBe(after);
    expect(read.segments.at(-1)?.start).toBe('Kept before.\n'.length);
  });

  it.each<[string, Partial<StyleFacts>, Layout?]>([
    ['half opacity', { opacity: '0.5' }],
    [
      'clip on a box in the flow (clip applies to absolute boxes only)',
      { clip: 'rect(0px, 0px, 0px, 0px)' },
    ],
    ['a clip-path that leaves most of it', { clipPath: 'inset(10%)' }],
    ['a box of ordinary size that clips its overflow', { overflowX: 'auto', overflowY: 'hidden' }],
    ['a box scaled to half', { transform: 'matrix(0.5, 0, 0, 0.5, 0, 0)' }],
    ['a rotated box', { transform: 'matrix(0, 1, -1, 0, 0, 0)' }],
    [
      'an absolute box in the page, below the first screen',
      { position: 'absolute' },
      { box: box(0, 2000, 600, 2020) },
    ],
    ['a fixed box in the viewport', { position: 'fixed' }],
    ['a box of no height whose text overflows', {}, { box: box(0, 100, 600, 100) }],
  ])('keeps %s', (_, style, layout) => {
    const { read } = readWith({ x: style }, layout ? { x: layout } : {});
    expect(read.text).toBe('Kept before.\nProbe text.\nKept after.');
  });

  it('leaves out text inside an absolute box that lies outside its clipping scroller, keeps it inside the area the scroller can show', () => {
    const body =
      '<div id="root"><p>Kept.</p><div id="clipper"><span id="x">Probe.</span></div></div>';
    const clipper = { overflowX: 'hidden', overflowY: 'hidden', position: 'relative' };
    const outside = readWith(
      { clipper, x: { position: 'absolute' } },
      { clipper: { box: box(0, 100, 600, 400) }, x: { box: box(-700, 100, -100, 120) } },
      body,
    );
    expect(outside.read.text).toBe('Kept.');
    const scroller = { ...clipper, overflowX: 'auto', overflowY: 'auto' };
    const scrolledAway = readWith(
      { clipper: scroller, x: { position: 'absolute' } },
      {
        clipper: { box: box(0, 100, 600, 400), scroll: box(-1000, 100, 600, 400) },
        x: { box: box(-700, 100, -100, 120) },
      },
      body,
    );
    expect(scrolledAway.read.text).toBe('Kept.\nProbe.');
  });

  it('keeps an absolute box that escapes a small clipping ancestor which does not contain it', () => {
    const body =
      '<div id="root"><p>Kept.</p><div id="clipper"><div id="wrap"><span id="x">Escaped.</span></div></div></div>';
    const { read } = readWith(
      { clipper: { overflowX: 'hidden', overflowY: 'hidden' }, x: { position: 'absolute' } },
      { clipper: { box: box(0, 100, 600, 130) }, x: { box: box(0, 400, 600, 420) } },
      body,
    );
    expect(read.text).toBe('Kept.\nEscaped.');
  });
});

describe('a reply root is hidden when nobody can see it', () => {
  const PAGE_HTML =
    '<main id="main"><div id="scroller"><div id="thread"><section id="turn" data-reply=""><div id="message"><div id="root"><p>Reply text.</p></div></div></section></div></div></main>';

  function rootCheck(
    styles: Record<string, Partial<StyleFacts>>,
    layouts: Record<string, Layout> = {},
    edit: (doc: Document) => void = () => undefined,
  ) {
    const doc = loadHtml(`<!doctype html><html><body>${PAGE_HTML}</body></html>`);
    edit(doc);
    const root = doc.getElementById('root') as Element;
    const container = doc.getElementById('turn') as Element;
    return rootHiddenBy(root, container, factsOf(styles, layouts));
  }

  it.each<[string, Record<string, Partial<StyleFacts>>, Record<string, Layout>, string]>([
    [
      'an ancestor above the reply has display: none',
      { thread: { display: 'none' } },
      {},
      'display',
    ],
    ['an ancestor has opacity 0', { main: { opacity: '0' } }, {}, 'opacity'],
    [
      'the root inherits visibility: hidden',
      { turn: { visibility: 'hidden' }, root: { visibility: 'hidden' } },
      {},
      'visibility',
    ],
    [
      'an ancestor has content-visibility: hidden',
      { turn: { contentVisibility: 'hidden' } },
      {},
      'content-visibility',
    ],
    [
      'an ancestor is scaled to nothing',
      { turn: { transform: 'matrix(0, 0, 0, 0, 0, 0)' } },
      {},
      'transform',
    ],
    [
      'an ancestor is a 1px box that clips',
      { turn: { overflowX: 'hidden', overflowY: 'hidden' } },
      { turn: { box: box(0, 0, 1, 1) } },
      'size',
    ],
    [
      'an ancestor is clipped by clip-path: inset(50%)',
      { message: { clipPath: 'inset(50%)' } },
      {},
      'clip',
    ],
    [
      'an absolute ancestor sits left of the page',
      { turn: { position: 'absolute' } },
      { turn: { box: box(-10000, 40, -9400, 400) }, root: { box: box(-10000, 40, -9400, 400) } },
      'off-screen',
    ],
  ])('%s', (_, styles, layouts, reason) => {
    expect(rootCheck(styles, layouts)).toBe(reason);
  });

  it('sees a reply scrolled out of view inside an inner scroller, as a person can scroll back to it', () => {
    expect(
      rootCheck(
        { scroller: { overflowX: 'auto', overflowY: 'auto' } },
        {
          scroller: { box: box(0, 0, 1280, 600), scroll: box(0, -5000, 1280, 600) },
          root: { box: box(0, -4000, 800, -3900) },
        },
      ),
    ).toBeUndefined();
  });

  it('keeps a root whose own visibility undoes an ancestor visibility: hidden', () => {
    expect(rootCheck({ turn: { visibility: 'hidden' } })).toBeUndefined();
  });

  it.each<[string, (doc: Document) => void, string | undefined]>([
    [
      'aria-hidden on the reply container',
      (d) => d.getElementById('turn')?.setAttribute('aria-hidden', 'true'),
      'attribute',
    ],
    [
      'hidden on the message',
      (d) => d.getElementById('message')?.setAttribute('hidden', ''),
      'attribute',
    ],
    [
      'aria-hidden on the root',
      (d) => d.getElementById('root')?.setAttribute('aria-hidden', 'true'),
      'attribute',
    ],
    // A modal dialog hides the whole app from screen readers; sighted users still see it.
    [
      'aria-hidden above the reply container (a modal dialog is open)',
      (d) => d.getElementById('main')?.setAttribute('aria-hidden', 'true'),
      undefined,
    ],
    ['a closed details around the root', (d) => wrapInDetails(d, false, false), 'details'],
    ['an open details around the root', (d) => wrapInDetails(d, true, false), undefined],
    ['the summary of a closed details', (d) => wrapInDetails(d, false, true), undefined],
  ])('%s', (_, edit, reason) => {
    expect(rootCheck({}, {}, edit)).toBe(reason);
  });
});

/** Puts the root inside a `<details>` (as its summary when `asSummary`). */
function wrapInDetails(doc: Document, isOpen: boolean, asSummary: boolean): void {
  const root = doc.getElementById('root') as Element;
  const details = doc.createElement('details');
  if (isOpen) details.setAttribute('open', '');
  root.replaceWith(details);
  if (asSummary) {
    const summary = doc.createElement('summary');
    summary.append(root);
    details.append(summary);
  } else {
    const summary = doc.createElement('summary');
    summary.textContent = 'Sources';
    details.append(summary, root);
  }
}

describe('the checks ask for layout only for boxes that can be moved, clipped or shrunk away', () => {
  it('reads no box of an ordinary element in the flow', () => {
    const doc = loadHtml('<!doctype html><html><body><p id="x">Text.</p></body></html>');
    let boxes = 0;
    const facts = factsOf({});
    const counting: RenderFacts = {
      ...facts,
      box: (el) => {
        boxes++;
        return facts.box(el);
      },
      clientArea: (el) => {
        boxes++;
        return facts.clientArea(el);
      },
    };
    expect(hiddenBy(doc.getElementById('x') as Element, counting)).toBeUndefined();
    expect(boxes).toBe(0);
  });
});
