// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHighlighter } from '../../../../src/content/paint/highlighter';
import type { MarkKind, Painter } from '../../../../src/content/paint/overlay';
import { readReplyText } from '../../../../src/content/text/read-reply-text';
import type { ReplySpan } from '../../../../src/shared/messages';

/** A painter that records which Ranges are painted in each kind (the overlay is tested on its own). */
function recordingPainter() {
  const marks: Record<MarkKind, Set<Range>> = {
    exact: new Set(),
    near: new Set(),
    flash: new Set(),
  };
  let remeasured = 0;
  const painter: Painter = {
    add: (kind, range) => void marks[kind].add(range),
    remove: (kind, range) => void marks[kind].delete(range),
    remeasure: () => void remeasured++,
  };
  return { painter, marks, remeasured: () => remeasured };
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

function texts(recorded: ReturnType<typeof recordingPainter>, kind: MarkKind): string[] {
  return [...recorded.marks[kind]].map((r) => r.toString());
}

describe('the highlighter', () => {
  let recorded: ReturnType<typeof recordingPainter>;
  beforeEach(() => {
    document.body.replaceChildren();
    recorded = recordingPainter();
  });
  afterEach(() => vi.useRealTimers());

  it('keeps the Range of a span whose text did not move while the reply grows, and rebuilds the ones that did', () => {
    const root = reply(['Alpha beta gamma.', 'Delta']);
    const highlighter = createHighlighter(recorded.painter);
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
    expect(texts(recorded, 'exact')).toEqual(['beta']);
    expect(texts(recorded, 'near')).toEqual(['Delta epsilon']);
  });

  it('says which text nodes a painted highlight starts or ends in, and forgets them once unpainted', () => {
    const root = reply(['Alpha beta gamma.', 'Delta epsilon.', 'Zeta']);
    const highlighter = createHighlighter(recorded.painter);
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

  it('paints exact and near spans as their own kinds, covering exactly the span text', () => {
    const root = reply(['The keeper climbed the steps.', 'She wrote the weather down.']);
    const before = root.outerHTML;
    const text = readReplyText([root], []);
    const h = createHighlighter(recorded.painter);
    h.render({ id: 'r1', text });
    h.setSpans('r1', text.text, [
      span(text.text, 'keeper climbed'),
      span(text.text, 'wrote the weather', 'near', 's2'),
    ]);
    expect(texts(recorded, 'exact')).toEqual(['keeper climbed']);
    expect(texts(recorded, 'near')).toEqual(['wrote the weather']);
    // Nothing is written into the page's DOM.
    expect(root.outerHTML).toBe(before);
  });

  it('asks for a new measure when a reply with painted spans is re-read, and only then', () => {
    const root = reply(['The keeper climbed the steps.']);
    const other = reply(['Nothing copied here.']);
    const h = createHighlighter(recorded.painter);
    const text = readReplyText([root], []);
    h.render({ id: 'r1', text });
    h.render({ id: 'r2', text: readReplyText([other], []) });
    expect(recorded.remeasured()).toBe(0);
    h.setSpans('r1', text.text, [span(text.text, 'keeper climbed')]);
    h.render({ id: 'r2', text: readReplyText([other], []) });
    expect(recorded.remeasured()).toBe(0);
    h.render({ id: 'r1', text: readReplyText([root], []) });
    expect(recorded.remeasured()).toBe(1);
  });

  it('builds ranges at paint time, so a re-rendered reply is painted on its new text nodes', () => {
    const root = reply(['The keeper climbed the steps.']);
    const first = readReplyText([root], []);
    const h = createHighlighter(recorded.painter);
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
    expect(recorded.marks.exact.size).toBe(1);
  });

  it('leaves out spans whose words changed since the scan, until the rescan arrives', () => {
    const root = reply(['The keeper climbed the steps.']);
    const scanned = readReplyText([root], []);
    const h = createHighlighter(recorded.painter);
    (root.querySelector('p') as HTMLElement).textContent = 'The keeper walked up the stairs.';
    h.render({ id: 'r1', text: readReplyText([root], []) });
    h.setSpans('r1', scanned.text, [
      span(scanned.text, 'The keeper'),
      span(scanned.text, 'climbed the steps', 'exact', 's2'),
    ]);
    expect(texts(recorded, 'exact')).toEqual(['The keeper']);
  });

  it('flashes a span for a moment and says whether it found it', () => {
    vi.useFakeTimers();
    const root = reply(['The keeper climbed the steps.']);
    const text = readReplyText([root], []);
    const h = createHighlighter(recorded.painter);
    h.render({ id: 'r1', text });
    h.setSpans('r1', text.text, [span(text.text, 'keeper climbed')]);
    expect(h.flash('r1', 'nope')).toBe(false);
    expect(h.flash('r2', 's1')).toBe(false);
    expect(h.flash('r1', 's1')).toBe(true);
    expect(texts(recorded, 'flash')).toEqual(['keeper climbed']);
    vi.advanceTimersByTime(2000);
    expect(texts(recorded, 'flash')).toEqual([]);
  });

  it('removes its highlights when disposed', () => {
    const root = reply(['The keeper climbed the steps.']);
    const text = readReplyText([root], []);
    const h = createHighlighter(recorded.painter);
    h.render({ id: 'r1', text });
    h.setSpans('r1', text.text, [span(text.text, 'keeper climbed')]);
    h.dispose();
    expect([...Object.values(recorded.marks)].every((set) => set.size === 0)).toBe(true);
  });
});
