// The probe report's export formats (docs/probe.md): change both together.
import type { ProbeRecord } from '../library/store/index';

const PROBE_EXPORT_FORMAT = 'recital-probes';
const PROBE_EXPORT_VERSION = 1;

export const PROBE_CSV_COLUMNS = [
  'probe_id',
  'series_id',
  'time_utc',
  'site',
  'conversation_url',
  'doc_id',
  'title',
  'word_start',
  'prefix_words',
  'continuation_words',
  'in_order_share',
  'in_order_words',
  'longest_run',
  'exact_start_words',
  'first_words_exact',
  'near_spans',
  'prompt',
  'prefix',
  'continuation',
  'reply',
] as const;

// A spreadsheet runs a cell starting with one of these as a formula; a leading ' keeps it text.
function csvCell(value: string | number | boolean): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One row per probe, RFC 4180 (CRLF line ends), with a byte order mark for spreadsheets. */
export function toProbeCsv(
  records: readonly ProbeRecord[],
  siteLabel: (id: string) => string,
): string {
  const rows: string[] = [PROBE_CSV_COLUMNS.join(',')];
  for (const r of records) {
    const s = r.scores;
    rows.push(
      [
        r.id,
        r.runId,
        new Date(r.time).toISOString(),
        siteLabel(r.siteId),
        r.url,
        r.docId,
        r.title,
        r.wordStart,
        r.prefixWords,
        r.continuationWords,
        s.inOrderShare.toFixed(4),
        s.inOrderWords,
        s.longestRun,
        s.exactStartWords,
        s.firstWordsExact,
        s.spans.length,
        r.prompt,
        r.prefix,
        r.continuation,
        r.reply,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `\uFEFF${rows.join('\r\n')}\r\n`;
}

/** The probes whole, with the format's name and version. */
export function toProbeJson(records: readonly ProbeRecord[], exportedAt: number): string {
  return JSON.stringify(
    {
      format: PROBE_EXPORT_FORMAT,
      version: PROBE_EXPORT_VERSION,
      exportedAt: new Date(exportedAt).toISOString(),
      probes: records,
    },
    null,
    2,
  );
}
