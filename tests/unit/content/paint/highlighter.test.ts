// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { adoptHighlightStylesheet } from '../../../../src/content/paint/highlight-stylesheet';
import { createHighlighter } from '../../../../src/content/paint/highlighter';
import { HIGHLIGHT_NAMES } from '../../../../src/content/paint/painters';
import { readReplyText } from '../../../../src/content/text/read-reply-text';
import type { ReplySpan } from '../../../../src/shared/messages';

/** A stand-in for the Custom Highlight API, which happy-dom lacks. */
class FakeHighlight extends Set<AbstractRange> {
  priority = 0;
  constructor(...ranges: AbstractRange[]) {
    super(ranges);
  }
}

function reply(html: string[]): HTMLElement {
  const root = document.createElement('div');
  for (const text of html) {
    const p = document.createElement('p');
    p.textContent = text;
    root.append(p);
  }
  document.body.append(root);
  return root;
}

function span(
  text: string,
  part: string,
  kind: ReplySpan['kind'] = 'exact',
  spanId = 's1',
): ReplySpan {
  const start = text.indexOf(part);
  return { spanId, replyStart: start, replyEnd: start + part.length, kind };
}

function texts(registry: Map<string, FakeHighlight>, name: string): string[] {
  return [...(registry.get(name) ?? [])].map((r) => (r as Range).toString());
}

describe('the highlighter (Custom Highlight API)', () => {
  let registry: Map<string, FakeHighlight>;
  beforeEach(() => {
    document.body.replaceChildren();
    registry = new Map();
    vi.stubGlobal('Highlight', FakeHighlight);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('keeps the Range of a span whose text did not move while the reply grows, and rebuilds the ones that did', () => {
    const root = reply(['Alpha beta gamma.', 'Delta']);
    const highlighter = createHighlighter(document, {
      registry: registry as unknown as HighlightRegistry,
    });
    const first = readReplyText([root], []);
    highlighter.render({ id: 'r', text: first });
    highlighter.setSpans('r', first.text, [
      span(first.text, 'beta'),
      span(first.text, 'Delta', 'near', 's2'),
    ]);
    const [beta, delta] = highlighter.rangesOf('r');
    (root.lastChild as HTMLElement).append(' epsilon');
    const grown = readReplyText([root], []);
    highlighter.render({ id: 'r', text: grown });
    expect(highlighter.rangesOf('r')[0]).toBe(beta);
    expect(highlighter.rangesOf('r')[1]).toBe(delta);
    // A new scan whose span now reaches into the appended text needs a new Range.
    highlighter.setSpans('r', grown.text, [
      span(grown.text, 'beta'),
      span(grown.text, 'Delta epsilon', 'near', 's2'),
    ]);
    expect(highlighter.rangesOf('r')[0]).toBe(beta);
    expect(highlighter.rangesOf('r')[1]).not.toBe(delta);
    expect(texts(registry, HIGHLIGHT_NAMES.exact)).toEqual(['beta']);
    expect(texts(registry, HIGHLIGHT_NAMES.near)).toEqual(['Delta epsilon']);
  });

  it('says which text nodes a painted highlight starts or ends in, and forgets them once unpainted', () => {
    const root = reply(['Alpha beta gamma.', 'Delta epsilon.', 'Zeta']);
    const highlighter = createHighlighter(document, {
      registry: registry as unknown as HighlightRegistry,
    });
    const read = readReplyText([root], []);
    highlighter.render({ id: 'r', text: read });
    const [alpha, delta, zeta] = [...root.children].map((p) => p.firstChild as Text);
    expect(highlighter.isPainted(alpha as Text)).toBe(false);
    highlighter.setSpans('r', read.text, [span(read.text, 'gamma.\nDelta epsilon.\nZeta')]);
    // The span starts in the first paragraph and ends in the third: the second lies inside it.
    expect([alpha, delta, zeta].map((node) => highlighter.isPainted(node as Text))).toEqual([
      true,
      false,
      true,
    ]);
    highlighter.setSpans('r', read.text, [span(read.text, 'Delta')]);
    expect([alpha, delta, zeta].map((node) => highlighter.isPainted(node as Text))).toEqual([
      false,
      true,
      false,
    ]);
    highlighter.setSpans('r', read.text, []);
    expect(highlighter.isPainted(delta as Text)).toBe(false);
  });

  it('paints exact and near spans under their own names, covering exactly the span text', () => {
    const root = reply(['The keeper climbed the steps.', 'She wrote the weather down.']);
    const text = readReplyText([root], []);
    const h = createHighlighter(document, { registry: registry as unknown as HighlightRegistry });
    h.render({ id: 'r1', text });
    h.setSpans('r1', text.text, [
      span(text.text, 'keeper climbed'),
      span(text.text, 'wrote the weather', 'near', 's2'),
    ]);
    expect(texts(registry, HIGHLIGHT_NAMES.exact)).toEqual(['keeper climbed']);
    expect(texts(registry, HIGHLIGHT_NAMES.near)).toEqual(['wrote the weather']);
    expect(root.querySelectorAll('mark')).toHaveLength(0);
  });

  it('builds ranges at paint time, so a re-rendered reply is painted on its new text nodes', () => {
    const root = reply(['The keeper climbed the steps.']);
    const first = readReplyText([root], []);
    const h = createHighlighter(document, { registry: registry as unknown as HighlightRegistry });
    h.render({ id: 'r1', text: first });
    h.setSpans('r1', first.text, [span(first.text, 'keeper climbed')]);
    const p = root.querySelector('p') as HTMLElement;
    p.replaceChildren(
      document.createTextNode('The keeper '),
      document.createTextNode('climbed the steps.'),
    );
    const second = readReplyText([root], []);
    h.render({ id: 'r1', text: second });
    const ranges = h.rangesOf('r1');
    expect(ranges.map((r) => r.toString())).toEqual(['keeper climbed']);
    expect(ranges[0]?.startContainer.isConnected).toBe(true);
    expect(registry.get(HIGHLIGHT_NAMES.exact)?.size).toBe(1);
  });

  it('leaves out spans whose words changed since the scan, until the rescan arrives', () => {
    const root = reply(['The keeper climbed the steps.']);
    const scanned = readReplyText([root], []);
    const h = createHighlighter(document, { registry: registry as unknown as HighlightRegistry });
    (root.querySelector('p') as HTMLElement).textContent = 'The keeper walked up the stairs.';
    h.render({ id: 'r1', text: readReplyText([root], []) });
    h.setSpans('r1', scanned.text, [
      span(scanned.text, 'The keeper'),
      span(scanned.text, 'climbed the steps', 'exact', 's2'),
    ]);
    expect(texts(registry, HIGHLIGHT_NAMES.exact)).toEqual(['The keeper']);
  });

  it('flashes a span for a moment and says whether it found it', () => {
    vi.useFakeTimers();
    const root = reply(['The keeper climbed the steps.']);
    const text = readReplyText([root], []);
    const h = createHighlighter(document, { registry: registry as unknown as HighlightRegistry });
    h.render({ id: 'r1', text });
    h.setSpans('r1', text.text, [span(text.text, 'keeper climbed')]);
    expect(h.flash('r1', 'nope')).toBe(false);
    expect(h.flash('r2', 's1')).toBe(false);
    expect(h.flash('r1', 's1')).toBe(true);
    expect(texts(registry, HIGHLIGHT_NAMES.flash)).toEqual(['keeper climbed']);
    vi.advanceTimersByTime(2000);
    expect(texts(registry, HIGHLIGHT_NAMES.flash)).toEqual([]);
  });

  it('removes its highlights when disposed', () => {
    const root = reply(['The keeper climbed the steps.']);
    const text = readReplyText([root], []);
    const h = createHighlighter(document, { registry: registry as unknown as HighlightRegistry });
    h.render({ id: 'r1', text });
    h.setSpans('r1', text.text, [span(text.text, 'keeper climbed')]);
    h.dispose();
    expect(registry.size).toBe(0);
  });
});

describe('the highlight stylesheet', () => {
  const sheetCount = () =>
    document.adoptedStyleSheets.length + document.querySelectorAll('style').length;
  const css = () =>
    [...document.adoptedStyleSheets]
      .flatMap((sheet) => [...sheet.cssRules].map((rule) => rule.cssText))
      .concat([...document.querySelectorAll('style')].map((style) => style.textContent ?? ''))
      .join('\n');

  it('adds one stylesheet in the default colours, repaints in the user colours, and leaves when its signal aborts', () => {
    const before = sheetCount();
    const controller = new AbortController();
    const sheet = adoptHighlightStylesheet(document, controller.signal);
    expect(sheetCount()).toBe(before + 1);
    expect(css()).toContain('recital-exact');
    sheet.setColors({ exact: '#112233', near: '#445566' });
    expect(css()).toContain('#112233');
    controller.abort();
    expect(sheetCount()).toBe(before);
  });
});

describe('the highlighter without the Custom Highlight API', () => {
  beforeEach(() => document.body.replaceChildren());

  it('wraps span text in marks of its kind and unwraps them, leaving the text as it was', () => {
    const root = reply(['The keeper climbed the steps.', 'She wrote the weather down.']);
    const text = readReplyText([root], []);
    const h = createHighlighter(document, { registry: null });
    h.render({ id: 'r1', text });
    h.setSpans('r1', text.text, [
      span(text.text, 'keeper climbed'),
      span(text.text, 'wrote the weather', 'near', 's2'),
    ]);
    expect([...root.querySelectorAll('mark.recital-exact')].map((m) => m.textContent)).toEqual([
      'keeper climbed',
    ]);
    expect([...root.querySelectorAll('mark.recital-near')].map((m) => m.textContent)).toEqual([
      'wrote the weather',
    ]);
    h.dispose();
    expect(root.querySelectorAll('mark')).toHaveLength(0);
    expect(readReplyText([root], []).text).toBe(text.text);
  });
});
