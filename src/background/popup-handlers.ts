// The popup's view of a tab and the settings-changed signal, from the tab state, the last full
// scan of each reply and the library.
import type { ScanResult, Span } from '../core/index';
import type { LibraryDocument, LibrarySettings, LibraryStore } from '../library/store/index';
import type {
  Handlers,
  PopupReply,
  PopupReport,
  PopupSpan,
  PopupToBackground,
} from '../shared/messages';
import { err, ok } from '../shared/result';
import { replyKeyOf, toReplySpans } from './content-handlers';
import { describePassage } from './describe-passage';
import type { ReplyDetails } from './reply-details';
import type { TabState } from './tab-state';
import { diffWords } from './word-diff';

export interface PopupHandlerDeps {
  tabState: Pick<TabState, 'report'>;
  details: Pick<ReplyDetails, 'get'>;
  store: Pick<LibraryStore, 'listDocuments' | 'getDocumentText'>;
  settings: () => Promise<LibrarySettings>;
  /** Scans text outside any tab (the "Check selected text" page). */
  scanText: (text: string) => Promise<ScanResult>;
}

export type PopupHandlers<Sender> = Pick<
  Handlers<PopupToBackground, Sender>,
  'getPopupReport' | 'checkText'
>;

/** Largest selection `checkText` accepts, like the content handlers' reply limit. */
export const MAX_CHECK_TEXT_CHARS = 2_000_000;

function isTabRequest(value: unknown): value is { tabId: number } {
  return (
    typeof value === 'object' &&
    value !== null &&
    Number.isInteger((value as { tabId?: unknown }).tabId)
  );
}

/** Document texts kept between popup refreshes (a document's text never changes under its id). */
const TEXT_CACHE_DOCS = 8;

export function createPopupHandlers<Sender = unknown>(
  deps: PopupHandlerDeps,
): PopupHandlers<Sender> {
  const cache = new Map<string, string | undefined>();

  async function textOf(docId: string): Promise<string | undefined> {
    if (cache.has(docId)) {
      const text = cache.get(docId);
      cache.delete(docId);
      cache.set(docId, text);
      return text;
    }
    const text = await deps.store.getDocumentText(docId);
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
  ): Promise<PopupSpan> {
    if (!texts.has(span.docId)) texts.set(span.docId, await textOf(span.docId));
    const text = texts.get(span.docId);
    const doc = docs.get(span.docId);
    const copied = replyText.slice(span.replyStart, span.replyEnd);
    const place =
      text === undefined ? undefined : describePassage(text, span.sourceStart, span.sourceEnd);
    return {
      spanId,
      kind: span.kind,
      words: span.words,
      score: span.score,
      edits: span.edits,
      replyText: copied,
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

  return {
    async checkText(payload) {
      const text =
        typeof payload === 'object' && payload !== null
          ? (payload as { text?: unknown }).text
          : undefined;
      if (typeof text !== 'string' || text.length > MAX_CHECK_TEXT_CHARS)
        return err(
          'bad-payload',
          `checkText needs a text of at most ${MAX_CHECK_TEXT_CHARS} characters.`,
        );
      const [documents, result] = await Promise.all([
        deps.store.listDocuments(),
        deps.scanText(text),
      ]);
      const docs = new Map(documents.map((d) => [d.id, d]));
      const texts = new Map<string, string | undefined>();
      const ids = toReplySpans(result.spans);
      const spans: PopupSpan[] = [];
      for (const [i, span] of result.spans.entries())
        spans.push(await describeSpan(span, ids[i]?.spanId ?? '', text, docs, texts));
      spans.sort((a, b) => b.score - a.score);
      return ok({ words: result.words, coverage: result.coverage, spans });
    },

    async getPopupReport(payload) {
      if (!isTabRequest(payload)) return err('bad-payload', 'getPopupReport needs a tabId.');
      const [documents, settings] = await Promise.all([
        deps.store.listDocuments(),
        deps.settings(),
      ]);
      const tab = deps.tabState.report(payload.tabId);
      const report: PopupReport = { libraryDocuments: documents.length, page: null, replies: [] };
      if (!tab || tab.siteId === '') return ok(report);
      report.page = {
        siteId: tab.siteId,
        url: tab.url,
        isSiteEnabled: !settings.disabledSites.includes(tab.siteId),
        replyCount: tab.replyCount,
      };
      const docs = new Map(documents.map((d) => [d.id, d]));
      const texts = new Map<string, string | undefined>();
      const replies: (PopupReply & { best: number })[] = [];
      for (const [index, reply] of tab.replies.entries()) {
        if (reply.spans.length === 0) continue;
        const detail = deps.details.get(replyKeyOf(payload.tabId, reply.replyId));
        if (!detail) continue;
        const ids = toReplySpans(detail.result.spans);
        const spans: PopupSpan[] = [];
        for (const [i, span] of detail.result.spans.entries())
          spans.push(await describeSpan(span, ids[i]?.spanId ?? '', detail.text, docs, texts));
        spans.sort((a, b) => b.score - a.score);
        replies.push({
          replyId: reply.replyId,
          position: index + 1,
          isComplete: reply.isComplete,
          words: detail.result.words,
          coverage: detail.result.coverage,
          spans,
          best: spans[0]?.score ?? 0,
        });
      }
      replies.sort((a, b) => b.best - a.best);
      report.replies = replies.map(({ best: _best, ...reply }) => reply);
      return ok(report);
    },
  };
}
