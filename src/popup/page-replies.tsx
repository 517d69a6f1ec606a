// The page's copied passages: one line per source work, then each reply's cards, collapsible.
import { useEffect } from 'preact/hooks';
import type { PopupReply, PopupReport } from '../shared/messages';
import { formatCitation } from '../ui/format-citation';
import { SpanCard } from '../ui/span-card';
import { EmptyState, PickReplyState } from './empty-states';
import { flashSpan } from './popup-client';
import { sourceSummaryParts, summarizeSources } from './source-summary';

/** The passage a "Show in Recital" from the page asked for (`?reply=&span=`). */
export interface SpanTarget {
  replyId: string;
  spanId: string;
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function SourceSummaries({ replies }: { replies: readonly PopupReply[] }) {
  return (
    <ul class="recital-sources" aria-label="Copied from">
      {summarizeSources(replies).map((summary) => {
        const { lead, tail } = sourceSummaryParts(summary);
        return (
          <li key={summary.docId ?? ''}>
            {lead}
            <cite>{summary.title}</cite>
            {tail}
          </li>
        );
      })}
    </ul>
  );
}

function ReplyGroup({
  reply,
  tabId,
  page,
  isOpen,
  target,
}: {
  reply: PopupReply;
  tabId: number;
  page: { siteLabel: string; url: string };
  isOpen: boolean;
  target: string | undefined;
}) {
  const headingId = `reply-${reply.position}`;
  return (
    <details class="recital-reply" open={isOpen}>
      <summary class="recital-reply__toggle">
        <h2 class="recital-reply__title" id={headingId}>
          Reply {reply.position}
          <span class="recital-reply__summary">
            {reply.spans.length} {reply.spans.length === 1 ? 'passage' : 'passages'} ·{' '}
            {percent(reply.coverage)} of its {reply.words} words copied
            {!reply.isComplete && ' · still being written'}
          </span>
        </h2>
      </summary>
      <ul class="recital-reply__spans" aria-labelledby={headingId}>
        {reply.spans.map((span) => (
          <SpanCard
            key={span.spanId}
            span={span}
            isTarget={span.spanId === target}
            onShow={async () => {
              const result = await flashSpan(tabId, reply.replyId, span.spanId);
              if (result.ok && result.value.marksOff === true) return 'marks-off';
              return result.ok && result.value.found;
            }}
            citation={() => formatCitation(span, page)}
          />
        ))}
      </ul>
    </details>
  );
}

export function PageReplies({
  report,
  tabId,
  siteLabel,
  target,
  pickingHost,
}: {
  report: PopupReport;
  tabId: number;
  siteLabel: string;
  target: SpanTarget | undefined;
  /** The host the user just enabled from this popup, if any. */
  pickingHost?: string | undefined;
}) {
  const page = report.page;
  const targetFound = report.replies.some(
    (r) => r.replyId === target?.replyId && r.spans.some((s) => s.spanId === target.spanId),
  );
  useEffect(() => {
    if (!targetFound || !target) return;
    document
      .querySelector(`[data-span-id="${CSS.escape(target.spanId)}"]`)
      ?.scrollIntoView({ block: 'center' });
  }, [targetFound, target]);
  if (!page) return null;
  if (report.replies.length === 0)
    return <NoCopies report={report} siteLabel={siteLabel} pickingHost={pickingHost} />;
  const spans = report.replies.reduce((n, r) => n + r.spans.length, 0);
  return (
    <>
      <p class="recital-popup__lead">
        {spans} copied {spans === 1 ? 'passage' : 'passages'} in {report.replies.length}{' '}
        {report.replies.length === 1 ? 'reply' : 'replies'} on {siteLabel}. Click a passage to see
        it in the page.
      </p>
      <SourceSummaries replies={report.replies} />
      {report.replies.map((reply, i) => (
        <ReplyGroup
          key={reply.replyId}
          reply={reply}
          tabId={tabId}
          page={{ siteLabel, url: page.url }}
          // The strongest reply opens; a passage asked for from the page opens its own.
          isOpen={targetFound ? reply.replyId === target?.replyId : i === 0}
          target={reply.replyId === target?.replyId ? target.spanId : undefined}
        />
      ))}
    </>
  );
}

function NoCopies({
  report,
  siteLabel,
  pickingHost,
}: {
  report: PopupReport;
  siteLabel: string;
  pickingHost: string | undefined;
}) {
  const replyCount = report.page?.replyCount;
  const siteId = report.page?.siteId ?? '';
  // A site just enabled from this popup finds no reply until the user has picked one.
  if (pickingHost !== undefined && siteId === `generic:${pickingHost}` && !replyCount)
    return <PickReplyState host={pickingHost} />;
  if (replyCount === 0) {
    return (
      <EmptyState title="No chatbot replies on this page yet">
        <p>
          Recital found no {siteLabel} replies here. Ask something and Recital checks the answer as
          it is written.
        </p>
        <p class="recital-muted">
          Replies showing but not found? {siteLabel} may have changed its page; reload it, and if
          that does not help, let us know.
        </p>
      </EmptyState>
    );
  }
  if (replyCount === undefined) {
    return (
      <EmptyState title="Reading the replies on this page…">
        <p>
          Recital is still looking at this {siteLabel} page. This takes a second or two after the
          page loads.
        </p>
      </EmptyState>
    );
  }
  return (
    <EmptyState title="Nothing copied from your library">
      <p>
        Recital checked {replyCount} {replyCount === 1 ? 'reply' : 'replies'} on this page. None of
        them repeats a passage from your {report.libraryDocuments}{' '}
        {report.libraryDocuments === 1 ? 'text' : 'texts'}.
      </p>
    </EmptyState>
  );
}
