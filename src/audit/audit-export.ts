// The audit log's export formats, documented in docs/audit-format.md: change both together.
import type { AuditRecord } from '../library/store/index';
import type { AuditFilters } from './filter-audit-records';

const AUDIT_EXPORT_FORMAT = 'recital-audit';
const AUDIT_EXPORT_VERSION = 1;

export const AUDIT_CSV_COLUMNS = [
  'record_id',
  'time_utc',
  'site',
  'conversation_url',
  'reply_id',
  'reply_words',
  'reply_coverage',
  'span_kind',
  'span_words',
  'span_edits',
  'span_score',
  'source_doc_id',
  'source_title',
  'source_author',
  'source_start',
  'source_end',
  'reply_start',
  'reply_end',
  'reply_excerpt',
  'source_excerpt',
] as const;

// A spreadsheet runs a cell starting with one of these as a formula; a leading ' keeps it text.
function csvCell(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One row per flagged span, RFC 4180 (CRLF line ends), UTF-8 with a byte order mark for spreadsheets. */
export function toAuditCsv(
  records: readonly AuditRecord[],
  siteLabel: (siteId: string) => string,
): string {
  const rows: string[] = [AUDIT_CSV_COLUMNS.join(',')];
  for (const r of records) {
    for (const s of r.spans) {
      rows.push(
        [
          r.id,
          new Date(r.time).toISOString(),
          siteLabel(r.siteId),
          r.url,
          r.replyId,
          r.replyWords,
          r.coverage.toFixed(4),
          s.kind,
          s.words,
          s.edits,
          s.score,
          s.docId,
          s.title,
          s.author ?? '',
          s.sourceStart,
          s.sourceEnd,
          s.replyStart,
          s.replyEnd,
          s.replyExcerpt,
          s.sourceExcerpt,
        ]
          .map(csvCell)
          .join(','),
      );
    }
  }
  return `\uFEFF${rows.join('\r\n')}\r\n`;
}

interface AuditJsonExport {
  format: typeof AUDIT_EXPORT_FORMAT;
  version: typeof AUDIT_EXPORT_VERSION;
  exportedAt: string;
  filters: AuditFilters;
  records: (AuditRecord & { siteLabel: string; timeUtc: string })[];
}

/** Every record in full (reply text included), with the filters that selected them. */
export function toAuditJson(
  records: readonly AuditRecord[],
  filters: AuditFilters,
  siteLabel: (siteId: string) => string,
  now: Date = new Date(),
): string {
  const out: AuditJsonExport = {
    format: AUDIT_EXPORT_FORMAT,
    version: AUDIT_EXPORT_VERSION,
    exportedAt: now.toISOString(),
    filters,
    records: records.map((r) => ({
      ...r,
      siteLabel: siteLabel(r.siteId),
      timeUtc: new Date(r.time).toISOString(),
    })),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
