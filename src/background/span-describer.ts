// Turns a scan's spans into the popup's cards: the copied text, where in its source it was found,
// and for near copies the word-level differences.
import { diffWords, type ScanResult, type Span } from '../core/index';
import type { LibraryDocument, LibraryStore } from '../library/store/index';
import type { PopupSpan } from '../shared/messages';
import { toReplySpans } from './content-handlers';
import {
  describeFrom,
  describePassage,
  type PassagePlace,
  type PassageSource,
} from './describe-passage';

/** Document texts kept between popup refreshes (a document's text never changes under its id). */
const TEXT_CACHE_DOCS = 8;

/**
 * Describes all spans of `result`, best score first. `texts` holds the document texts read for
 * one request, so a document cited by many spans is read once. `sourceOf` gives the parts of a
 * text the matcher holds: a passage they hold is described without reading the whole text.
 */
export type SpanDescriber = (
  result: ScanResult,
  replyText: string,
  docs: Map<string, LibraryDocument>,
  texts: Map<string, string | undefined>,
  sourceOf?: (docId: string) => PassageSource | undefined,
) => Promise<PopupSpan[]>;

export function createSpanDescriber(store: Pick<LibraryStore, 'getDocumentText'>): SpanDescriber {
  const cache = new Map<string, string | undefined>();

  async function textOf(docId: string): Promise<string | undefined> {
    if (cache.has(docId)) {
      const text = cache.get(docId);
      cache.delete(docId);
      cache.set(docId, text);
      return text;
    }
    const text = await store.getDocumentText(docId);
    cache.set(docId, text);
    for (const key of cache.keys()) {
      if (cache.size <= TEXT_CACHE_DOCS) break;
      cache.delete(key);
    }
    return text;
  }

  async function describeSpan(
    span: Span,
    spanId: string,
    replyText: string,
    docs: Map<string, LibraryDocument>,
    texts: Map<string, string | undefined>,
    sourceOf?: (docId: string) => PassageSource | undefined,
  ): Promise<PopupSpan> {
    const { docId, sourceStart, sourceEnd } = span;
    let place: PassagePlace | undefined;
    if (!texts.has(docId)) {
      const source = sourceOf?.(docId);
      place = source && describeFrom(source, sourceStart, sourceEnd);
      if (!place) texts.set(docId, await textOf(docId));
    }
    const text = texts.get(docId);
    if (!place && text !== undefined) place = describePassage(text, sourceStart, sourceEnd);
    const doc = docs.get(docId);
    const copied = replyText.slice(span.replyStart, span.replyEnd);
    return {
      spanId,
      kind: span.kind,
      words: span.words,
      score: span.score,
      edits: span.edits,
      replyText: copied,
      sharedBy: span.sharedBy,
      source: place
        ? {
            docId: span.docId,
            title: doc?.title ?? 'A removed document',
            ...(doc?.author !== undefined && { author: doc.author }),
            sourceStart: span.sourceStart,
            sourceEnd: span.sourceEnd,
            ...place,
          }
        : null,
      diff: span.kind === 'near' && place ? diffWords(place.passage, copied) : [],
    };
  }

  return async (result, replyText, docs, texts, sourceOf) => {
    const ids = toReplySpans(result.spans);
    const spans: PopupSpan[] = [];
    // One at a time, so a document's text is read once even when many spans cite it.
    for (const [i, span] of result.spans.entries())
      spans.push(await describeSpan(span, ids[i]?.spanId ?? '', replyText, docs, texts, sourceOf));
    spans.sort((a, b) => b.score - a.score);
    return spans;
  };
}
