import { useCallback, useEffect, useState } from 'preact/hooks';
import type { LibraryDocument, LibraryStore, ProbeRecord } from '../library/store/index';
import { Notice } from '../ui/notice';
import { PageHeader } from '../ui/page-header';
import type { ChatTab, ProbeClient } from './probe-client';
import { planProbes, type ProbeSetup } from './probe-plan';
import { ProbeReport } from './probe-report';
import { ProbeRunPanel } from './probe-run-panel';
import { ProbeSetupForm } from './probe-setup-form';
import type { ProbeSeries } from './use-probe-run';

export type ProbeStore = Pick<
  LibraryStore,
  'listDocuments' | 'getDocumentText' | 'listProbeRecords' | 'putProbeRecord'
>;

/** How often the setup form looks for open chats again. */
const TAB_POLL_MS = 2000;

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The probe page: set up a series, run it in an open chat, read the report. */
export function ProbeApp(props: { openStore: () => Promise<ProbeStore>; client: ProbeClient }) {
  const { client } = props;
  const [store, setStore] = useState<ProbeStore>();
  const [documents, setDocuments] = useState<LibraryDocument[]>();
  const [records, setRecords] = useState<ProbeRecord[]>([]);
  const [tabs, setTabs] = useState<ChatTab[]>([]);
  const [series, setSeries] = useState<ProbeSeries>();
  const [problem, setProblem] = useState<string>();
  const initialDocId = new URLSearchParams(location.search).get('doc') ?? undefined;

  const refreshTabs = useCallback(() => {
    void client.listChatTabs().then(setTabs, (e: unknown) => setProblem(message(e)));
  }, [client]);

  useEffect(() => {
    props.openStore().then(
      async (s) => {
        setStore(s);
        setDocuments(await s.listDocuments());
        setRecords(await s.listProbeRecords());
      },
      (e: unknown) => setProblem(`Recital could not open the library (${message(e)}).`),
    );
    refreshTabs();
  }, [props.openStore, refreshTabs]);

  // A chat opened after this page shows up in the list without a click.
  useEffect(() => {
    if (series) return undefined;
    const timer = setInterval(refreshTabs, TAB_POLL_MS);
    return () => clearInterval(timer);
  }, [series, refreshTabs]);

  const start = async (doc: LibraryDocument, tab: ChatTab, setup: ProbeSetup): Promise<void> => {
    const text = await store?.getDocumentText(doc.id);
    if (text === undefined) {
      setProblem(`Recital could not read the text of “${doc.title}”.`);
      return;
    }
    const cuts = planProbes(text, setup);
    if (cuts.length === 0) {
      setProblem(`“${doc.title}” has no passage long enough for this prefix and continuation.`);
      return;
    }
    setProblem(undefined);
    const runId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    setSeries({ runId, doc, tab, setup, cuts });
  };

  const save = useCallback(
    async (record: ProbeRecord) => {
      if (!store) throw new Error('The library is not open.');
      await store.putProbeRecord(record);
      setRecords(await store.listProbeRecords());
    },
    [store],
  );

  return (
    <div class="recital-page">
      <ProbeHeader />
      <main class="recital-main">
        {problem && <Notice tone="error">{problem}</Notice>}
        <section class="recital-section" aria-labelledby="probe-setup">
          <div class="recital-section__head">
            <h2 id="probe-setup">Probe series</h2>
          </div>
          <p class="recital-section__intro">
            Recital puts each prompt into the chat’s prompt box and waits. Nothing reaches the
            chatbot until you press send there; the true continuation never leaves this page.
          </p>
          {documents === undefined ? (
            <p class="recital-muted">Loading the library…</p>
          ) : documents.length === 0 ? (
            <p>
              Your library is empty. <a href="/src/options/index.html">Add a document</a> first.
            </p>
          ) : series ? (
            <ProbeRunPanel
              series={series}
              client={client}
              save={save}
              onEnd={() => setSeries(undefined)}
            />
          ) : (
            <ProbeSetupForm
              documents={documents}
              tabs={tabs}
              initialDocId={initialDocId}
              readText={async (id) => store?.getDocumentText(id)}
              onStart={(doc, tab, setup) => void start(doc, tab, setup)}
              onRefreshTabs={refreshTabs}
            />
          )}
        </section>
        <section class="recital-section" aria-labelledby="probe-report">
          <div class="recital-section__head">
            <h2 id="probe-report">Probe report</h2>
            <p class="recital-section__count">{records.length} probes kept</p>
          </div>
          <ProbeReport records={records} />
        </section>
      </main>
    </div>
  );
}

function ProbeHeader() {
  return (
    <PageHeader
      title="Recital probe"
      tagline="Has a chatbot memorized your book? Put the opening words of a passage into the chat you use, send it yourself, and see how much of the true continuation comes back word for word."
      nav={{
        label: 'Pages',
        links: [
          { href: '/src/options/index.html', text: 'Library' },
          { href: '/src/audit/index.html', text: 'Audit log' },
        ],
      }}
    />
  );
}
