import type { AuditRecord } from '../library/store/index';

function formatTime(time: number): string {
  return new Date(time).toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** One audited reply: when and where, and each flagged span with its source. */
export function AuditRecordCard({ record, siteLabel }: { record: AuditRecord; siteLabel: string }) {
  return (
    <li class="recital-card recital-audit-record" data-record-id={record.id}>
      <h3 class="recital-audit-record__title">
        <time dateTime={new Date(record.time).toISOString()}>{formatTime(record.time)}</time> ·{' '}
        {siteLabel} · {record.spans.length} {record.spans.length === 1 ? 'passage' : 'passages'}
      </h3>
      <p class="recital-audit-record__url">
        <a href={record.url} target="_blank" rel="noreferrer">
          {record.url}
        </a>{' '}
        <span class="recital-muted">
          · reply of {record.replyWords} words, {Math.round(record.coverage * 100)}% copied
        </span>
      </p>
      <ul class="recital-audit-record__spans">
        {record.spans.map((s, i) => (
          <li key={i}>
            <p class="recital-audit-record__meta">
              <span class={`recital-kind recital-kind--${s.kind}`}>
                {s.kind === 'exact' ? 'Exact' : 'Near'}
              </span>{' '}
              {s.words} words from <cite>{s.title}</cite>
              {s.author && <> by {s.author}</>}
              <span class="recital-muted">
                {' '}
                · characters {s.sourceStart.toLocaleString()}–{s.sourceEnd.toLocaleString()}
              </span>
            </p>
            <blockquote class="recital-audit-record__quote">“{s.replyExcerpt.trim()}”</blockquote>
          </li>
        ))}
      </ul>
      <details class="recital-audit-record__reply">
        <summary>
          {record.replyLength === undefined
            ? 'Whole reply'
            : `The reply's first ${record.replyText.length.toLocaleString()} of ${record.replyLength.toLocaleString()} characters`}
        </summary>
        <p>{record.replyText}</p>
      </details>
    </li>
  );
}
