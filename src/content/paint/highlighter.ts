import type { ReplySpan } from '../../shared/messages';
import { commonPrefixLength } from '../../shared/reply-text-change';
import { boundariesFromOffsets, rangeFromOffsets } from '../text/range-from-offsets';
import type { ReplyText } from '../text/reply-text';

export const HIGHLIGHT_NAMES = {
  exact: 'recital-exact',
  near: 'recital-near',
  flash: 'recital-flash',
} as const;

const FLASH_MS = 1500;

/** The part of a reply the highlighter needs: its id and the text/segments just read. */
export interface PaintTarget {
  id: string;
  text: ReplyText;
}

export interface Highlighter {
  /** A reply was (re)read: rebuild its ranges from the stored offsets against the fresh DOM. */
  render(reply: PaintTarget): void;
  /** New scan result for a reply; `scannedText` is the text the offsets refer to. */
  setSpans(replyId: string, scannedText: string, spans: ReplySpan[]): void;
  /** Scrolls to a span and flashes it; false when the span or its reply is not on the page. */
  flash(replyId: string, spanId: string): boolean;
  /** Ranges currently painted for a reply (for tests and the flash). */
  rangesOf(replyId: string): Range[];
  /**
   * True when a painted Range starts or ends in `node`, whose text changing would move the
   * highlight's ends until the next paint; always true where highlights are `<mark>` wrappers.
   */
  isPainted(node: Node): boolean;
  /** Removes every highlight. */
  dispose(): void;
}

interface PaintedSpan {
  span: ReplySpan;
  range: Range;
}

interface ReplyPaint {
  text: ReplyText | undefined;
  scannedText: string;
  spans: ReplySpan[];
  painted: PaintedSpan[];
}

/** Equal for equal spans of two scans. */
function spanKey(span: ReplySpan): string {
  return `${span.spanId}\u0000${span.kind}\u0000${span.replyStart}\u0000${span.replyEnd}`;
}

/** One paint backend: Custom Highlight API, or `<mark>` wrappers where it is missing. */
interface Painter {
  /** Adding a range leaves the DOM alone, so a painted Range stays valid across paints. */
  keepsDom: boolean;
  add(kind: keyof typeof HIGHLIGHT_NAMES, range: Range): void;
  remove(kind: keyof typeof HIGHLIGHT_NAMES, range: Range): void;
  dispose(): void;
}

function highlightPainter(registry: HighlightRegistry): Painter {
  const highlights = {
    exact: new Highlight(),
    near: new Highlight(),
    flash: new Highlight(),
  };
  // Flash sits above the match colours.
  highlights.flash.priority = 1;
  for (const [kind, highlight] of Object.entries(highlights))
    registry.set(HIGHLIGHT_NAMES[kind as keyof typeof HIGHLIGHT_NAMES], highlight);
  return {
    keepsDom: true,
    add: (kind, range) => void highlights[kind].add(range),
    remove: (kind, range) => void highlights[kind].delete(range),
    dispose: () => {
      for (const name of Object.values(HIGHLIGHT_NAMES)) registry.delete(name);
    },
  };
}

/** Wraps each text node piece of a range in a `<mark>`; used only without `CSS.highlights`. */
function wrapperPainter(doc: Document): Painter {
  const marks = new Map<Range, HTMLElement[]>();
  function unwrap(mark: HTMLElement): void {
    const parent = mark.parentNode;
    if (!parent) return;
    while (mark.firstChild) parent.insertBefore(mark.firstChild, mark);
    parent.removeChild(mark);
  }
  return {
    keepsDom: false,
    add(kind, range) {
      const pieces: Text[] = [];
      const root = range.commonAncestorContainer;
      if (root.nodeType === 3) {
        pieces.push(root as Text);
      } else {
        const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode())
          if (range.intersectsNode(node)) pieces.push(node as Text);
      }
      const created: HTMLElement[] = [];
      for (const textNode of pieces) {
        const start = textNode === range.startContainer ? range.startOffset : 0;
        const end = textNode === range.endContainer ? range.endOffset : textNode.data.length;
        if (end <= start) continue;
        const middle = start > 0 ? textNode.splitText(start) : textNode;
        if (end - start < middle.data.length) middle.splitText(end - start);
        const mark = doc.createElement('mark');
        mark.className = HIGHLIGHT_NAMES[kind];
        middle.parentNode?.insertBefore(mark, middle);
        mark.appendChild(middle);
        created.push(mark);
      }
      marks.set(range, created);
    },
    remove(_kind, range) {
      for (const mark of marks.get(range) ?? []) unwrap(mark);
      marks.delete(range);
    },
    dispose() {
      for (const list of marks.values()) list.forEach(unwrap);
      marks.clear();
    },
  };
}

/**
 * Paints matched spans of replies. Offsets are kept per reply and turned into Ranges only at
 * paint time, against the text just read, so re-renders and streaming never leave a stale
 * Range behind. Only spans inside the part of the text that is unchanged since the scan are
 * painted: after a mid-text edit the offsets would point at other words until the rescan.
 */
export function createHighlighter(
  doc: Document,
  options: { registry?: HighlightRegistry | null } = {},
): Highlighter {
  const registry =
    options.registry === undefined ? (globalThis.CSS?.highlights ?? null) : options.registry;
  const painter =
    registry && typeof Highlight === 'function' ? highlightPainter(registry) : wrapperPainter(doc);
  const replies = new Map<string, ReplyPaint>();
  let flashing: { range: Range; timer: ReturnType<typeof setTimeout> } | undefined;
  /** The painted Ranges' boundary nodes, built on first use after a paint. */
  let boundaryNodes: Set<Node> | undefined;

  function entryFor(id: string): ReplyPaint {
    let entry = replies.get(id);
    if (!entry) {
      entry = { text: undefined, scannedText: '', spans: [], painted: [] };
      replies.set(id, entry);
    }
    return entry;
  }

  /**
   * Keeps the painted Ranges that still cover exactly what their span would cover now, and
   * takes them out of `entry.painted`: while a reply streams, only the spans near its growing
   * end need a new Range, and re-adding unchanged ones makes the engine repaint them.
   */
  function takeUnchanged(entry: ReplyPaint, text: ReplyText, valid: number): Map<ReplySpan, Range> {
    const kept = new Map<ReplySpan, Range>();
    if (!painter.keepsDom || entry.painted.length === 0) return kept;
    // Until the next scan the spans are the very objects painted: found without building keys.
    const bySpan = new Map<ReplySpan, PaintedSpan>();
    for (const painted of entry.painted) bySpan.set(painted.span, painted);
    let byKey: Map<string, PaintedSpan> | undefined;
    for (const span of entry.spans) {
      if (span.replyEnd > valid) continue;
      let painted = bySpan.get(span);
      if (!painted) {
        byKey ??= new Map([...bySpan.values()].map((p) => [spanKey(p.span), p]));
        painted = byKey.get(spanKey(span));
      }
      if (!painted) continue;
      const want = boundariesFromOffsets(text, span.replyStart, span.replyEnd);
      const { range } = painted;
      if (
        want &&
        range.startContainer === want.startNode &&
        range.startOffset === want.startOffset &&
        range.endContainer === want.endNode &&
        range.endOffset === want.endOffset
      ) {
        kept.set(span, range);
        bySpan.delete(painted.span);
        byKey?.delete(spanKey(painted.span));
      }
    }
    entry.painted = [...bySpan.values()];
    return kept;
  }

  function paint(entry: ReplyPaint): void {
    // Most replies copy nothing: their every streamed frame would compare the whole text here.
    if (entry.spans.length === 0 && entry.painted.length === 0) return;
    const valid = entry.text ? commonPrefixLength(entry.scannedText, entry.text.text) : 0;
    const kept =
      entry.text && entry.spans.length > 0
        ? takeUnchanged(entry, entry.text, valid)
        : new Map<ReplySpan, Range>();
    for (const { span, range } of entry.painted) painter.remove(span.kind, range);
    entry.painted = [];
    boundaryNodes = undefined;
    if (!entry.text || entry.spans.length === 0) return;
    // All Ranges first: the wrapper fallback splits text nodes, which the segments do not know.
    const built: PaintedSpan[] = [];
    for (const span of entry.spans) {
      if (span.replyEnd > valid) continue;
      const unchanged = kept.get(span);
      if (unchanged) {
        built.push({ span, range: unchanged });
        continue;
      }
      let range: Range | null;
      try {
        range = rangeFromOffsets(entry.text, span.replyStart, span.replyEnd);
      } catch {
        // A text node shrank since the read: the next frame's read repaints it.
        range = null;
      }
      if (range) built.push({ span, range });
    }
    for (const { span, range } of built) if (!kept.has(span)) painter.add(span.kind, range);
    entry.painted = built;
  }

  function stopFlash(): void {
    if (!flashing) return;
    clearTimeout(flashing.timer);
    painter.remove('flash', flashing.range);
    flashing = undefined;
  }

  return {
    render(reply) {
      const entry = entryFor(reply.id);
      entry.text = reply.text;
      paint(entry);
    },
    setSpans(replyId, scannedText, spans) {
      const entry = entryFor(replyId);
      entry.scannedText = scannedText;
      entry.spans = spans;
      paint(entry);
    },
    flash(replyId, spanId) {
      const painted = replies.get(replyId)?.painted.find((p) => p.span.spanId === spanId);
      if (!painted || !painted.range.startContainer.isConnected) return false;
      stopFlash();
      const range = painted.range.cloneRange();
      const anchor =
        range.startContainer.nodeType === 1
          ? (range.startContainer as Element)
          : range.startContainer.parentElement;
      anchor?.scrollIntoView({ block: 'center', behavior: 'smooth' });
      painter.add('flash', range);
      flashing = { range, timer: setTimeout(stopFlash, FLASH_MS) };
      return true;
    },
    rangesOf(replyId) {
      return replies.get(replyId)?.painted.map((p) => p.range) ?? [];
    },
    isPainted(node) {
      if (!painter.keepsDom) return true;
      if (!boundaryNodes) {
        boundaryNodes = new Set();
        for (const entry of replies.values()) {
          for (const { range } of entry.painted)
            boundaryNodes.add(range.startContainer).add(range.endContainer);
        }
      }
      return boundaryNodes.has(node);
    },
    dispose() {
      stopFlash();
      for (const entry of replies.values())
        for (const { span, range } of entry.painted) painter.remove(span.kind, range);
      replies.clear();
      boundaryNodes = undefined;
      painter.dispose();
    },
  };
}
