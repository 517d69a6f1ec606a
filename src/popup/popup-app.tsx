import { useCallback, useEffect, useState } from 'preact/hooks';
import { SITES } from '../sites/index';
import type { PopupReport } from '../shared/messages';
import { Notice } from '../ui/notice';
import { EmptyLibraryState, EmptyState, UncheckedPageState } from './empty-states';
import { PageNotes } from './page-notes';
import { PageReplies, type SpanTarget } from './page-replies';
import { fetchReport, findTabId, openAuditLog, openLibrary, openSettings } from './popup-client';
import { SiteSwitch } from './site-switch';

const REFRESH_MS = 1500;

function siteLabelOf(siteId: string): string {
  return SITES.find((s) => s.id === siteId)?.label ?? siteId.replace(/^generic:/, '');
}

/** `?reply=&span=`: the passage a mark's "Show in Recital" opened the popup for. */
function targetOf(search: string): SpanTarget | undefined {
  const params = new URLSearchParams(search);
  const replyId = params.get('reply');
  const spanId = params.get('span');
  return replyId && spanId ? { replyId, spanId } : undefined;
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
  const [pickingHost, setPickingHost] = useState<string>();
  if (report.libraryDocuments === 0) return <EmptyLibraryState onAdded={reload} />;
  const page = report.page;
  if (!page) return <UncheckedPageState tabId={tabId} onEnabled={setPickingHost} />;
  const siteLabel = siteLabelOf(page.siteId);
  if (!page.isSiteEnabled) {
    return (
      <EmptyState title={`Recital is off on ${siteLabel}`}>
        <p>
          You switched checking off for {siteLabel}. Turn the switch above back on to see copied
          passages here.
        </p>
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
      <PageReplies
        report={report}
        tabId={tabId}
        siteLabel={siteLabel}
        target={targetOf(location.search)}
        pickingHost={pickingHost}
      />
    </>
  );
}

function Footer() {
  return (
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
  );
}

/**
 * The toolbar popup: what Recital flagged in the current tab, or why there is nothing. Header
 * and footer stay; only the middle scrolls, so the popup fits Chrome's 600 px at any length.
 */
export function PopupApp() {
  const [tabId, setTabId] = useState<number | null>();
  const [report, setReport] = useState<PopupReport>();
  const [problem, setProblem] = useState<string>();
  // Kept apart from `problem`, which each refresh clears.
  const [switchProblem, setSwitchProblem] = useState<string>();

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

  const page = report?.libraryDocuments === 0 ? null : report?.page;
  return (
    <div class="recital-popup">
      <header class="recital-popup__header">
        <h1 class="recital-popup__title">
          <img src="/icons/icon-48.png" alt="" width={24} height={24} />
          Recital
        </h1>
        {page && typeof tabId === 'number' && (
          <SiteSwitch
            tabId={tabId}
            page={page}
            siteLabel={siteLabelOf(page.siteId)}
            onChanged={() => void load(tabId)}
            onProblem={setSwitchProblem}
          />
        )}
      </header>
      <main class="recital-popup__main" aria-busy={report === undefined && problem === undefined}>
        {problem && <Notice tone="error">{problem}</Notice>}
        {switchProblem && <Notice tone="error">{switchProblem}</Notice>}
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
      <Footer />
    </div>
  );
}
