import type { AuditRecord } from '../library/store/index';

export interface AuditFilters {
  /** '' for every site. */
  siteId: string;
  /** '' for every document. */
  docId: string;
  /** Local dates `yyyy-mm-dd`, inclusive; '' for open. */
  from: string;
  to: string;
  /** Spans shorter than this many words are left out. */
  minWords: number;
}

export const NO_FILTERS: AuditFilters = { siteId: '', docId: '', from: '', to: '', minWords: 0 };

function localDayStart(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1).getTime();
}

/**
 * Records that match the filters, each with only its matching spans; a record left without
 * spans is dropped. Order is kept.
 */
export function filterAuditRecords(
  records: readonly AuditRecord[],
  filters: AuditFilters,
): AuditRecord[] {
  const from = filters.from ? localDayStart(filters.from) : Number.NEGATIVE_INFINITY;
  const to = filters.to ? localDayStart(filters.to) + 86_400_000 : Number.POSITIVE_INFINITY;
  const out: AuditRecord[] = [];
  for (const record of records) {
    if (filters.siteId && record.siteId !== filters.siteId) continue;
    if (record.time < from || record.time >= to) continue;
    const spans = record.spans.filter(
      (s) => (!filters.docId || s.docId === filters.docId) && s.words >= filters.minWords,
    );
    if (spans.length > 0)
      out.push(spans.length === record.spans.length ? record : { ...record, spans });
  }
  return out;
}
