import type { ProbeRecord } from '../library/store/index';
import { Notice } from '../ui/notice';
import type { ProbeClient } from './probe-client';
import { ProbeScoresList } from './probe-card';
import { fillTemplate } from './probe-plan';
import { siteLabelOf } from './site-label';
import { useProbeRun, type ProbeSeries } from './use-probe-run';

export interface RunPanelProps {
  series: ProbeSeries;
  client: ProbeClient;
  save: (record: ProbeRecord) => Promise<void>;
  onEnd: () => void;
}

/** The running series: the current probe, what the user does next, the last score. */
export function ProbeRunPanel({ series, client, save, onEnd }: RunPanelProps) {
  const run = useProbeRun(series, client, save);
  const cut = series.cuts[run.position];
  const site = siteLabelOf(series.tab.siteId);
  return (
    <div class="recital-card probe-run" aria-live="polite">
      <h3 class="recital-card__title">
        {run.step.kind === 'done'
          ? `Series done: ${series.cuts.length} probes of “${series.doc.title}”`
          : `Probe ${run.position + 1} of ${series.cuts.length}: “${series.doc.title}” on ${site}`}
      </h3>
      {run.problem && <Notice tone="error">{run.problem}</Notice>}
      {cut && run.step.kind === 'ready' && (
        <>
          <p class="probe-run__prompt" data-prompt>
            {fillTemplate(series.setup.template, cut.prefix)}
          </p>
          <button
            type="button"
            class="recital-button recital-button--primary"
            onClick={() => void run.fill()}
          >
            Put this prompt into the chat
          </button>{' '}
          <button type="button" class="recital-button recital-button--ghost" onClick={run.next}>
            Skip this passage
          </button>
        </>
      )}
      {run.step.kind === 'waiting' && (
        <>
          <p data-status="waiting">
            The prompt is in the chat’s prompt box. Send it there yourself: Recital never sends it.
            Waiting for the complete reply…
          </p>
          <p class="probe-run__prompt">{run.step.prompt}</p>
          <button type="button" class="recital-button recital-button--ghost" onClick={run.next}>
            Skip this passage
          </button>
        </>
      )}
      {run.step.kind === 'scored' && (
        <>
          <p data-status="scored">The reply is scored and kept in the report below.</p>
          <ProbeScoresList record={run.step.record} />
          <button type="button" class="recital-button recital-button--primary" onClick={run.next}>
            {run.position + 1 < series.cuts.length ? 'Next passage' : 'Finish the series'}
          </button>
        </>
      )}
      {run.step.kind === 'done' && (
        <button type="button" class="recital-button recital-button--secondary" onClick={onEnd}>
          Set up another series
        </button>
      )}
    </div>
  );
}
