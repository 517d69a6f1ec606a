import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { SITES } from '../sites/index';
import type { PopupReply, PopupReport } from '../shared/messages';
import { addSampleLibrary } from '../library/add-sample-library';
import { Notice } from '../ui/notice';
import { formatCitation } from '../ui/format-citation';
import {
  enableSite,
  fetchReport,
  findTabId,
  findTabOrigin,
  flashSpan,
  openAuditLog,
  openLibrary,
  openSettings,
} from './popup-client';
import { SpanCard } from '../ui/span-card';
import { PageNotes } from './page-notes';

const REFRESH_MS = 1500;

function siteLabelOf(siteId: string): string {
  return SITES.find((s) => s.id === siteId)?.label ?? siteId.replace(/^generic:/, '');
}

function EnableSite({ tabId }: { tabId: number }) {
  const [origin, setOrigin] = useState<string>();
  const [status, setStatus] = useState<{ tone: 'error' | 'info'; text: string }>();
  useEffect(() => {
    void findTabOrigin(tabId).then(setOrigin);
  }, [tabId]);
  if (!origin) return null;
  const host = new URL(origin).host;
  const enable = async (): Promise<void> => {
    const result = await enableSite(tabId, origin);
    setStatus(
      result.ok
        ? {
            tone: 'info',
            text: `Now click one chatbot reply in the page. Recital watches every reply like it on ${host}.`,
          }
        : { tone: 'error', text: result.error.message },
    );
  };
  return (
    <>
      <p>
        Is this a chatbot Recital does not know? Enable Recital on {host}, then click one of its
        replies in the page.
      </p>
      <button
        type="button"
        class="recital-button recital-button--primary"
        onClick={() => void enable()}
      >
        Enable Recital on {host}
      </button>
      {status && <Notice tone={status.tone}>{status.text}</Notice>}
    </>
  );
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function EmptyState({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <section class="recital-popup__empty" aria-labelledby="recital-empty-title">
      <h2 id="recital-empty-title">{title}</h2>
      {children}
    </section>
  );
}

function EmptyLibraryState({ onAdded }: { onAdded: () => void }) {
  const [isAdding, setIsAdding] = useState(false);
  const [problem, setProblem] = useState<string>();
  const add = async (): Promise<void> => {
    setIsAdding(true);
    setProblem(undefined);
    try {
      const failures = await addSampleLibrary();
      if (failures.length > 0) setProblem(failures.join(' '));
    } catch (e) {
      setProblem(
        `The sample library could not be added (${e instanceof Error ? e.message : String(e)}). Open the library and try there.`,
      );
    }
    setIsAdding(false);
    onAdded();
  };
  return (
    <EmptyState title="Your library is empty">
      <p>
        Recital compares chatbot replies with the texts you protect. Add your books, articles or
        poems, or try it first with three short sample passages.
      </p>
      <div class="recital-popup__actions">
        <button
          type="button"
          class="recital-button recital-button--primary"
          disabled={isAdding}
          onClick={() => void add()}
        >
          {isAdding ? 'Adding the sample library…' : 'Add the sample library'}
        </button>
        <button
          type="button"
          class="recital-button recital-button--secondary"
          onClick={openLibrary}
        >
          Add your texts
        </button>
      </div>
      {problem && <Notice tone="error">{problem}</Notice>}
    </EmptyState>
  );
}

function ReplyGroup({
  reply,
  tabId,
  page,
}: {
  reply: PopupReply;
  tabId: number;
  page: { siteLabel: string; url: string };
}) {
  const headingId = `reply-${reply.position}`;
  return (
    <section class="recital-reply" aria-labelledby={headingId}>
      <h2 class="recital-reply__title" id={headingId}>
        Reply {reply.position}
        <span class="recital-reply__summary">
          {reply.spans.length} {reply.spans.length === 1 ? 'passage' : 'passages'} ·{' '}
          {percent(reply.coverage)} of its {reply.words} words copied
          {!reply.isComplete && ' · still being written'}
        </span>
      </h2>
      <ul class="recital-reply__spans">
        {reply.spans.map((span) => (
          <SpanCard
            key={span.spanId}
            span={span}
            onShow={async () => {
              const result = await flashSpan(tabId, reply.replyId, span.spanId);
              if (result.ok && result.value.marksOff === true) return 'marks-off';
              return result.ok && result.value.found;
            }}
            citation={() => formatCitation(span, page)}
          />
        ))}
      </ul>
    </section>
  );
}

function ReportView({
  report,
  tabId,
  reload,
}: {
  report: PopupReport;
  tabId: number;
  reload: () => void;
}) {
  if (report.libraryDocuments === 0) return <EmptyLibraryState onAdded={reload} />;
  const page = report.page;
  if (!page) {
    return (
      <EmptyState title="Recital does not check this page">
        <p>
          Recital checks the replies of {SITES.map((s) => s.label).join(', ')}. Open a conversation
          on one of them and click Recital again.
        </p>
        <p class="recital-muted">
          Just installed Recital or turned a site back on? Reload the chat page once.
        </p>
        <EnableSite tabId={tabId} />
        <button
          type="button"
          class="recital-button recital-button--secondary"
          onClick={openSettings}
        >
          Open settings
        </button>
      </EmptyState>
    );
  }
  const siteLabel = siteLabelOf(page.siteId);
  if (!page.isSiteEnabled) {
    return (
      <EmptyState title={`Recital is off on ${siteLabel}`}>
        <p>
          You switched checking off for {siteLabel}. Turn it back on in the settings to see copied
          passages here.
        </p>
        <button type="button" class="recital-button recital-button--primary" onClick={openSettings}>
          Open settings
        </button>
      </EmptyState>
    );
  }
  return (
    <>
      <PageNotes notes={page.notes} />
      {report.teamProblem && (
        <p class="recital-muted recital-team-problem">
          Team catalogue unreachable: {report.teamProblem}
        </p>
      )}
      <PageReplies report={report} tabId={tabId} siteLabel={siteLabel} />
    </>
  );
}

function PageReplies({
  report,
  tabId,
  siteLabel,
}: {
  report: PopupReport;
  tabId: number;
  siteLabel: string;
}) {
  const page = report.page;
  if (!page) return null;
  if (report.replies.length === 0) {
    if (page.replyCount === 0) {
      return (
        <EmptyState title="No chatbot replies on this page yet">
          <p>
            Recital found no {siteLabel} replies here. Ask something and Recital checks the answer
            as it is written.
          </p>
          <p class="recital-muted">
            Replies showing but not found? {siteLabel} may have changed its page; reload it, and if
            that does not help, let us know.
          </p>
        </EmptyState>
      );
    }
    if (page.replyCount === undefined) {
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
          Recital checked {page.replyCount} {page.replyCount === 1 ? 'reply' : 'replies'} on this
          page. None of them repeats a passage from your {report.libraryDocuments}{' '}
          {report.libraryDocuments === 1 ? 'text' : 'texts'}.
        </p>
      </EmptyState>
    );
  }
  const spans = report.replies.reduce((n, r) => n + r.spans.length, 0);
  return (
    <>
      <p class="recital-popup__lead">
        {spans} copied {spans === 1 ? 'passage' : 'passages'} in {report.replies.length}{' '}
        {report.replies.length === 1 ? 'reply' : 'replies'} on {siteLabel}. Click a passage to see
        it in the page.
      </p>
      {report.replies.map((reply) => (
        <ReplyGroup
          key={reply.replyId}
          reply={reply}
          tabId={tabId}
          page={{ siteLabel, url: page.url }}
        />
      ))}
    </>
  );
}

/** The toolbar popup: what Recital flagged in the current tab, or why there is nothing. */
export function PopupApp() {
  const [tabId, setTabId] = useState<number | null>();
  const [report, setReport] = useState<PopupReport>();
  const [problem, setProblem] = useState<string>();

  const load = useCallback(async (id: number) => {
    const result = await fetchReport(id);
    if (result.ok) {
      setReport(result.value);
      setProblem(undefined);
    } else {
      setProblem(
        `Recital could not read this tab (${result.error.message}). Close this window and click Recital again; if it keeps happening, reload the page.`,
      );
    }
  }, []);

  useEffect(() => {
    findTabId().then(
      (id) => setTabId(id ?? null),
      () => setTabId(null),
    );
  }, []);

  useEffect(() => {
    if (tabId === undefined || tabId === null) return undefined;
    void load(tabId);
    // Replies stream in while the popup is open: keep the list current.
    const timer = setInterval(() => void load(tabId), REFRESH_MS);
    return () => clearInterval(timer);
  }, [tabId, load]);

  return (
    <div class="recital-popup">
      <header class="recital-popup__header">
        <h1 class="recital-popup__title">
          <img src="/icons/icon-48.png" alt="" width={24} height={24} />
          Recital
        </h1>
      </header>
      <main class="recital-popup__main" aria-busy={report === undefined && problem === undefined}>
        {problem && <Notice tone="error">{problem}</Notice>}
        {tabId === null && (
          <Notice tone="error">
            Recital could not tell which tab this is. Close this window and click Recital again.
          </Notice>
        )}
        {report === undefined && !problem && tabId !== null && (
          <p class="recital-muted">Checking this page…</p>
        )}
        {report && typeof tabId === 'number' && (
          <ReportView report={report} tabId={tabId} reload={() => void load(tabId)} />
        )}
      </main>
      <footer class="recital-popup__footer">
        <button
          type="button"
          class="recital-button recital-button--ghost recital-button--small"
          onClick={openLibrary}
        >
          Library
        </button>
        <button
          type="button"
          class="recital-button recital-button--ghost recital-button--small"
          onClick={openSettings}
        >
          Settings
        </button>
        <button
          type="button"
          class="recital-button recital-button--ghost recital-button--small"
          onClick={openAuditLog}
        >
          Audit log
        </button>
      </footer>
    </div>
  );
}
