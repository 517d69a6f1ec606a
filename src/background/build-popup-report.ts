// The popup's report on a tab: the page, and each reply with copied passages, best first.
import type { LibraryDocument, LibrarySettings } from '../library/store/index';
import type { PopupReply, PopupReport } from '../shared/messages';
import { replyKeyOf } from './content-handlers';
import type { ReplyDetails } from './reply-details';
import { MAX_SPANS_PER_REPLY } from './scan-limits';
import type { SpanDescriber } from './span-describer';
import type { TabState } from './tab-state';

export interface PopupReportSources {
  tabState: Pick<TabState, 'report'>;
  details: Pick<ReplyDetails, 'get'>;
  documents: readonly LibraryDocument[];
  settings: LibrarySettings;
  describeSpans: SpanDescriber;
}

export async function buildPopupReport(
  tabId: number,
  { tabState, details, documents, settings, describeSpans }: PopupReportSources,
): Promise<PopupReport> {
  const tab = tabState.report(tabId);
  const report: PopupReport = { libraryDocuments: documents.length, page: null, replies: [] };
  if (!tab || tab.siteId === '') return report;
  report.page = {
    siteId: tab.siteId,
    url: tab.url,
    isSiteEnabled: !settings.disabledSites.includes(tab.siteId),
    replyCount: tab.replyCount,
    notes: tab.notes,
  };
  const docs = new Map(documents.map((d) => [d.id, d]));
  const texts = new Map<string, string | undefined>();
  const replies: (PopupReply & { best: number })[] = [];
  for (const [index, reply] of tab.replies.entries()) {
    if (reply.spans.length === 0) continue;
    const detail = details.get(replyKeyOf(tabId, reply.replyId));
    if (!detail) continue;
    // The page paints at most this many; the popup lists the same ones (its note says so).
    const shown = { ...detail.result, spans: detail.result.spans.slice(0, MAX_SPANS_PER_REPLY) };
    const spans = await describeSpans(shown, detail.text, docs, texts);
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
  return report;
}
