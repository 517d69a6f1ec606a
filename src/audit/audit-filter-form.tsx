import { useMemo } from 'preact/hooks';
import type { AuditRecord } from '../library/store/index';
import type { AuditFilters } from './filter-audit-records';
import { siteLabelOf } from './site-label-of';

interface AuditFilterFormProps {
  records: AuditRecord[] | undefined;
  filters: AuditFilters;
  onChange: (patch: Partial<AuditFilters>) => void;
}

/** Filters for the audit log: site, source document, dates and the shortest passage. */
export function AuditFilterForm({ records, filters, onChange: set }: AuditFilterFormProps) {
  const sites = useMemo(() => [...new Set((records ?? []).map((r) => r.siteId))], [records]);
  const documents = useMemo(() => {
    const byId = new Map<string, string>();
    for (const r of records ?? []) for (const s of r.spans) byId.set(s.docId, s.title);
    return [...byId].sort((a, b) => a[1].localeCompare(b[1]));
  }, [records]);

  return (
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
  );
}
