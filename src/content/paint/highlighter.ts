import type { ReplySpan } from '../../shared/messages';
import { boundariesFromOffsets, rangeFromOffsets } from '../text/range-from-offsets';
import type { ReplyText } from '../text/reply-text';
import type { Painter } from './overlay';

const FLASH_MS = 1500;

/** The part of a reply the highlighter needs: its id and the text/segments just read. */
interface PaintTarget {
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
  /** The reply and span a painted Range stands for (the hover card asks). */
  spanOf(range: Range): { replyId: string; span: ReplySpan } | undefined;
  /** Ranges currently painted for a reply (for tests and the flash). */
  rangesOf(replyId: string): Range[];
  /**
   * True when a painted Range starts or ends in `node`, whose text changing would move the
   * highlight's ends until the next paint.
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

/**
 * True when the span's words stand at the same offsets as in the scanned text: after an edit
 * the offsets would point at other words until the rescan. Compares the span, not the reply.
 */
function isSpanUnchanged(scannedText: string, text: string, span: ReplySpan): boolean {
  const { replyStart: start, replyEnd: end } = span;
  return end <= text.length && text.slice(start, end) === scannedText.slice(start, end);
}

/**
 * Keeps the painted Ranges that still cover exactly what their span would cover now, and
 * takes them out of `entry.painted`: while a reply streams, only the spans near its growing
 * end need a new Range, and re-adding unchanged ones makes the engine repaint them.
 */
function takeUnchanged(entry: ReplyPaint, text: ReplyText): Map<ReplySpan, Range> {
  const kept = new Map<ReplySpan, Range>();
  if (entry.painted.length === 0) return kept;
  // Until the next scan the spans are the very objects painted: found without building keys.
  const bySpan = new Map<ReplySpan, PaintedSpan>();
  for (const painted of entry.painted) bySpan.set(painted.span, painted);
  let byKey: Map<string, PaintedSpan> | undefined;
  for (const span of entry.spans) {
    if (!isSpanUnchanged(entry.scannedText, text.text, span)) continue;
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

/** Paints a reply's spans whose words are where the scan found them, on the text just read. */
function paintReply(painter: Painter, entry: ReplyPaint): void {
  // Most replies copy nothing: their every streamed frame would compare the whole text here.
  if (entry.spans.length === 0 && entry.painted.length === 0) return;
  const kept =
    entry.text && entry.spans.length > 0
      ? takeUnchanged(entry, entry.text)
      : new Map<ReplySpan, Range>();
  for (const { span, range } of entry.painted) painter.remove(span.kind, range);
  entry.painted = [];
  if (!entry.text || entry.spans.length === 0) return;
  const built: PaintedSpan[] = [];
  for (const span of entry.spans) {
    if (!isSpanUnchanged(entry.scannedText, entry.text.text, span)) continue;
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

/**
 * Paints matched spans of replies. Offsets are kept per reply and turned into Ranges only at
 * paint time, against the text just read, so re-renders and streaming never leave a stale
 * Range behind. Only spans whose words still stand where the scan found them are painted
 * (see isSpanUnchanged).
 */
export function createHighlighter(painter: Painter): Highlighter {
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
      paintReply(painter, entry);
      boundaryNodes = undefined;
      // A re-read reply may have moved or reflowed the text under its marks.
      if (entry.painted.length > 0) painter.remeasure();
    },
    setSpans(replyId, scannedText, spans) {
      const entry = entryFor(replyId);
      entry.scannedText = scannedText;
      entry.spans = spans;
      paintReply(painter, entry);
      boundaryNodes = undefined;
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
    spanOf(range) {
      for (const [replyId, entry] of replies) {
        const painted = entry.painted.find((p) => p.range === range);
        if (painted) return { replyId, span: painted.span };
      }
      return undefined;
    },
    rangesOf(replyId) {
      return replies.get(replyId)?.painted.map((p) => p.range) ?? [];
    },
    isPainted(node) {
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
    },
  };
}
