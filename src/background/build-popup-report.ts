// The popup's report on a tab: the page, and each reply with copied passages, best first.
import type { LibraryDocument, LibrarySettings } from '../library/store/index';
import type { PopupReply, PopupReport } from '../shared/messages';
import { replyKeyOf } from './content-handlers';
import type { ReplyDetails } from './reply-details';
import { MAX_SPANS_PER_REPLY } from './scan-limits';
import type { SpanDescriber } from './span-describer';
import type { TabState } from './tab-state';
import { describeTeamSpans } from './team-spans';

export interface PopupReportSources {
  tabState: Pick<TabState, 'report'>;
  details: Pick<ReplyDetails, 'get'>;
  documents: readonly LibraryDocument[];
  settings: LibrarySettings;
  describeSpans: SpanDescriber;
  /** Why the team catalogue's last request failed, if it is on and did. */
  teamProblem?: string;
}

export async function buildPopupReport(
  tabId: number,
  { tabState, details, documents, settings, describeSpans, teamProblem }: PopupReportSources,
): Promise<PopupReport> {
  const tab = tabState.report(tabId);
  const report: PopupReport = {
    libraryDocuments: documents.length,
    page: null,
    replies: [],
    ...(teamProblem !== undefined && { teamProblem }),
  };
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
    const team = (detail.team ?? []).slice(0, MAX_SPANS_PER_REPLY - shown.spans.length);
    const spans = [
      ...(await describeSpans(shown, detail.text, docs, texts)),
      ...describeTeamSpans(team, detail.text),
    ].sort((a, b) => b.score - a.score);
    const teamWords = team.reduce((n, m) => n + m.words, 0);
    replies.push({
      replyId: reply.replyId,
      position: index + 1,
      isComplete: reply.isComplete,
      words: detail.result.words,
      coverage: Math.min(1, detail.result.coverage + teamWords / Math.max(1, detail.result.words)),
      spans,
      best: spans[0]?.score ?? 0,
    });
  }
  replies.sort((a, b) => b.best - a.best);
  report.replies = replies.map(({ best: _best, ...reply }) => reply);
  return report;
}
