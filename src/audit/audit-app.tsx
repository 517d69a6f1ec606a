import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { SITES } from '../sites/index';
import type { AuditRecord, LibrarySettings, LibraryStore } from '../library/store/index';
import { Notice } from '../ui/notice';
import { AuditRecordCard } from './audit-record-card';
import { toAuditCsv, toAuditJson } from './audit-export';
import { filterAuditRecords, NO_FILTERS, type AuditFilters } from './filter-audit-records';
import { PageHeader } from '../ui/page-header';

export type AuditStore = Pick<
  LibraryStore,
  'listAuditRecords' | 'clearAudit' | 'deleteAuditBefore' | 'getSettings'
>;

const DAY_MS = 86_400_000;

function siteLabelOf(siteId: string): string {
  return SITES.find((s) => s.id === siteId)?.label ?? siteId;
}

function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function retentionText(settings: LibrarySettings | undefined): string {
  if (!settings) return '';
  if (!settings.auditEnabled)
    return 'Recording is off: new flagged replies are not added to this log.';
  if (settings.auditRetentionDays === 0)
    return 'Every flagged reply is recorded and kept until you clear the log.';
  return `Every flagged reply is recorded and kept for ${settings.auditRetentionDays} days.`;
}

/** The audit log: every flagged reply, filtered, exported for a publisher's or a lawyer's file. */
export function AuditApp({ openStore }: { openStore: () => Promise<AuditStore> }) {
  const [store, setStore] = useState<AuditStore>();
  const [records, setRecords] = useState<AuditRecord[]>();
  const [settings, setSettings] = useState<LibrarySettings>();
  const [filters, setFilters] = useState<AuditFilters>(NO_FILTERS);
  const [problem, setProblem] = useState<string>();
  const [isConfirming, setIsConfirming] = useState(false);
  const [done, setDone] = useState<string>();

  const refresh = useCallback(async (s: AuditStore) => {
    try {
      const current = await s.getSettings();
      if (current.auditRetentionDays > 0)
        await s.deleteAuditBefore(Date.now() - current.auditRetentionDays * DAY_MS);
      setSettings(current);
      setRecords(await s.listAuditRecords());
    } catch (e) {
      setProblem(
        `Recital could not read the audit log (${e instanceof Error ? e.message : String(e)}). Reload this page; if that does not help, restart the browser.`,
      );
    }
  }, []);

  useEffect(() => {
    openStore().then(
      (s) => {
        setStore(s);
        void refresh(s);
      },
      (e: unknown) =>
        setProblem(
          `Recital could not open its storage (${e instanceof Error ? e.message : String(e)}). Private windows block extension storage: open this page in a normal window.`,
        ),
    );
  }, [openStore, refresh]);

  const shown = useMemo(() => filterAuditRecords(records ?? [], filters), [records, filters]);
  const sites = useMemo(() => [...new Set((records ?? []).map((r) => r.siteId))], [records]);
  const documents = useMemo(() => {
    const byId = new Map<string, string>();
    for (const r of records ?? []) for (const s of r.spans) byId.set(s.docId, s.title);
    return [...byId].sort((a, b) => a[1].localeCompare(b[1]));
  }, [records]);

  const set = (patch: Partial<AuditFilters>): void => setFilters((f) => ({ ...f, ...patch }));
  const stamp = new Date().toISOString().slice(0, 10);

  const clear = async (): Promise<void> => {
    if (!store) return;
    try {
      await store.clearAudit();
      setIsConfirming(false);
      setDone('The audit log is empty now.');
      await refresh(store);
    } catch (e) {
      setProblem(
        `The audit log could not be cleared (${e instanceof Error ? e.message : String(e)}). Try again.`,
      );
    }
  };

  return (
    <div class="recital-page">
      <PageHeader
        title="Recital audit log"
        tagline="Every chatbot reply Recital flagged, with the passages it copied and where they come from. It stays in this browser until you export it."
        nav={{
          label: 'Pages',
          links: [
            { href: '/src/options/index.html', text: 'Library' },
            { href: '/src/options/index.html#settings', text: 'Settings' },
          ],
        }}
      />
      <main class="recital-main">
        {problem && <Notice tone="error">{problem}</Notice>}
        {done && (
          <Notice tone="success" onDismiss={() => setDone(undefined)}>
            {done}
          </Notice>
        )}
        <section class="recital-section" aria-labelledby="audit-filters">
          <div class="recital-section__head">
            <h2 id="audit-filters">Flagged replies</h2>
            <p class="recital-section__count">
              {records === undefined
                ? 'Loading the audit log…'
                : `${shown.length} of ${records.length} shown`}
            </p>
          </div>
          <p class="recital-section__intro">
            {retentionText(settings)}{' '}
            <a href="/src/options/index.html#settings">Change in settings</a>
          </p>
          <form class="recital-card recital-audit-filters" onSubmit={(e) => e.preventDefault()}>
            <div class="recital-field">
              <label class="recital-label" for="f-site">
                Site
              </label>
              <select
                id="f-site"
                class="recital-input"
                value={filters.siteId}
                onChange={(e) => set({ siteId: e.currentTarget.value })}
              >
                <option value="">All sites</option>
                {sites.map((id) => (
                  <option key={id} value={id}>
                    {siteLabelOf(id)}
                  </option>
                ))}
              </select>
            </div>
            <div class="recital-field">
              <label class="recital-label" for="f-doc">
                Source document
              </label>
              <select
                id="f-doc"
                class="recital-input"
                value={filters.docId}
                onChange={(e) => set({ docId: e.currentTarget.value })}
              >
                <option value="">All documents</option>
                {documents.map(([id, title]) => (
                  <option key={id} value={id}>
                    {title}
                  </option>
                ))}
              </select>
            </div>
            <div class="recital-field">
              <label class="recital-label" for="f-from">
                From
              </label>
              <input
                id="f-from"
                class="recital-input"
                type="date"
                value={filters.from}
                onChange={(e) => set({ from: e.currentTarget.value })}
              />
            </div>
            <div class="recital-field">
              <label class="recital-label" for="f-to">
                To
              </label>
              <input
                id="f-to"
                class="recital-input"
                type="date"
                value={filters.to}
                onChange={(e) => set({ to: e.currentTarget.value })}
              />
            </div>
            <div class="recital-field">
              <label class="recital-label" for="f-min">
                Shortest passage (words)
              </label>
              <input
                id="f-min"
                class="recital-input"
                type="number"
                min={0}
                step={1}
                value={filters.minWords}
                onInput={(e) => set({ minWords: Math.max(0, Number(e.currentTarget.value) || 0) })}
              />
            </div>
          </form>
          <div class="recital-audit-actions">
            <button
              type="button"
              class="recital-button recital-button--secondary"
              disabled={shown.length === 0}
              onClick={() =>
                download(
                  `recital-audit-${stamp}.csv`,
                  'text/csv;charset=utf-8',
                  toAuditCsv(shown, siteLabelOf),
                )
              }
            >
              Export CSV
            </button>
            <button
              type="button"
              class="recital-button recital-button--secondary"
              disabled={shown.length === 0}
              onClick={() =>
                download(
                  `recital-audit-${stamp}.json`,
                  'application/json',
                  toAuditJson(shown, filters, siteLabelOf),
                )
              }
            >
              Export JSON
            </button>
            <span class="recital-muted">
              Exports what is shown: CSV has one row per copied passage, for a spreadsheet; JSON
              keeps every record in full, with the whole reply.
            </span>
            <span class="recital-audit-actions__spacer" />
            {!isConfirming ? (
              <button
                type="button"
                class="recital-button recital-button--danger-ghost"
                disabled={!records || records.length === 0}
                onClick={() => setIsConfirming(true)}
              >
                Clear the audit log…
              </button>
            ) : null}
          </div>
          {isConfirming && (
            <div
              class="recital-notice recital-notice--error"
              role="alertdialog"
              aria-labelledby="confirm-clear"
            >
              <div class="recital-notice__body">
                <p id="confirm-clear">
                  Delete all {records?.length ?? 0} records of the audit log? This cannot be undone.
                  Export them first if you may need them.
                </p>
                <div class="recital-audit-confirm__buttons">
                  <button
                    type="button"
                    class="recital-button recital-button--primary"
                    onClick={() => void clear()}
                  >
                    Delete all records
                  </button>
                  <button
                    type="button"
                    class="recital-button recital-button--secondary"
                    onClick={() => setIsConfirming(false)}
                  >
                    Keep them
                  </button>
                </div>
              </div>
            </div>
          )}
          {records !== undefined && records.length === 0 && (
            <div class="recital-empty">
              <h3 class="recital-empty__title">No flagged replies yet</h3>
              <p>
                When a chatbot reply copies a passage from your library, Recital records it here
                once the reply is complete: the site, the conversation, the time, and each copied
                passage with its source.
              </p>
            </div>
          )}
          {records !== undefined && records.length > 0 && shown.length === 0 && (
            <div class="recital-empty recital-empty--small">
              <p>No records match these filters.</p>
              <button
                type="button"
                class="recital-button recital-button--secondary"
                onClick={() => setFilters(NO_FILTERS)}
              >
                Clear the filters
              </button>
            </div>
          )}
          <ul class="recital-audit-list">
            {shown.map((r) => (
              <AuditRecordCard key={r.id} record={r} siteLabel={siteLabelOf(r.siteId)} />
            ))}
          </ul>
        </section>
      </main>
    </div>
  );
}
