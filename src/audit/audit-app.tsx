import { useMemo, useState } from 'preact/hooks';
import type { LibrarySettings } from '../library/store/index';
import { Notice } from '../ui/notice';
import { AuditActions } from './audit-actions';
import { AuditFilterForm } from './audit-filter-form';
import { AuditRecordCard } from './audit-record-card';
import { filterAuditRecords, NO_FILTERS, type AuditFilters } from './filter-audit-records';
import { siteLabelOf } from './site-label-of';
import { useAuditLog, type AuditStore } from './use-audit-log';
import { PageHeader } from '../ui/page-header';

export type { AuditStore } from './use-audit-log';

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
  const { records, settings, problem, clear: clearLog } = useAuditLog(openStore);
  const [filters, setFilters] = useState<AuditFilters>(NO_FILTERS);
  const [isConfirming, setIsConfirming] = useState(false);
  const [done, setDone] = useState<string>();

  const shown = useMemo(() => filterAuditRecords(records ?? [], filters), [records, filters]);

  const clear = (): Promise<void> =>
    clearLog(() => {
      setIsConfirming(false);
      setDone('The audit log is empty now.');
    });

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
          <AuditFilterForm
            records={records}
            filters={filters}
            onChange={(patch) => setFilters((f) => ({ ...f, ...patch }))}
          />
          <AuditActions
            records={records}
            shown={shown}
            filters={filters}
            isConfirming={isConfirming}
            setIsConfirming={setIsConfirming}
            onClear={() => void clear()}
          />
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
