import { useMemo, useState } from 'preact/hooks';
import type { ProbeRecord } from '../library/store/index';
import { ProbeCard } from './probe-card';
import { toProbeCsv, toProbeJson } from './probe-export';
import { groupProbes, MEMORIZED_SHARE, summarizeProbes } from './probe-summary';
import { siteLabelOf } from './site-label';

function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const percent = (share: number): string => `${Math.round(share * 100)}%`;

/** The probe report: one document on one site, its summary, each probe, the exports. */
export function ProbeReport({ records }: { records: ProbeRecord[] }) {
  const groups = useMemo(() => groupProbes(records), [records]);
  const [key, setKey] = useState<string>();
  const group = groups.find((g) => g.key === key) ?? groups[0];
  if (!group) return <p class="recital-muted">No probes yet. Start a series above.</p>;
  const summary = summarizeProbes(group.records);
  const stem = `recital-probes-${group.title.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 40)}-${group.siteId.replace(/[^a-z0-9]+/gi, '-')}`;
  return (
    <div class="probe-report">
      <label class="recital-field">
        <span class="recital-label">Report</span>
        <select
          class="recital-input"
          value={group.key}
          onChange={(e) => setKey(e.currentTarget.value)}
        >
          {groups.map((g) => (
            <option key={g.key} value={g.key}>
              {g.title} on {siteLabelOf(g.siteId)} ({g.records.length})
            </option>
          ))}
        </select>
      </label>
      <div class="recital-card probe-summary" aria-label="Summary">
        <h3 class="recital-card__title">
          “{group.title}” on {siteLabelOf(group.siteId)}
        </h3>
        <dl class="probe-scores">
          <div>
            <dt>Probes</dt>
            <dd data-summary="probes">{summary.probes}</dd>
          </div>
          <div>
            <dt>At least {percent(MEMORIZED_SHARE)} of the continuation verbatim</dt>
            <dd data-summary="memorized">
              {summary.memorized} ({percent(summary.memorizedShare)})
            </dd>
          </div>
          <div>
            <dt>Mean longest run</dt>
            <dd data-summary="mean-run">{summary.meanLongestRun.toFixed(1)} words</dd>
          </div>
          <div>
            <dt>Mean in-order share</dt>
            <dd data-summary="mean-share">{percent(summary.meanInOrderShare)}</dd>
          </div>
        </dl>
        {summary.top.length > 0 && (
          <p>
            <span class="recital-label">Most memorized:</span>{' '}
            {summary.top
              .map((r) => `word ${r.wordStart + 1} (${percent(r.scores.inOrderShare)})`)
              .join(', ')}
          </p>
        )}
        <div class="probe-summary__actions">
          <button
            type="button"
            class="recital-button recital-button--secondary recital-button--small"
            onClick={() =>
              download(
                `${stem}.csv`,
                'text/csv;charset=utf-8',
                toProbeCsv(group.records, siteLabelOf),
              )
            }
          >
            Export CSV
          </button>
          <button
            type="button"
            class="recital-button recital-button--secondary recital-button--small"
            onClick={() =>
              download(`${stem}.json`, 'application/json', toProbeJson(group.records, Date.now()))
            }
          >
            Export JSON
          </button>
        </div>
      </div>
      {group.records.map((r, i) => (
        <ProbeCard key={r.id} record={r} position={i + 1} />
      ))}
    </div>
  );
}
