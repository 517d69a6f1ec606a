import { diffWords } from '../core/index';
import type { ProbeRecord } from '../library/store/index';

const percent = (share: number): string => `${Math.round(share * 100)}%`;
const words = (n: number): string => `${n} ${n === 1 ? 'word' : 'words'}`;

/** The part of the reply the scores aligned to the continuation, else the whole reply. */
function replyPart(record: ProbeRecord): string {
  const focus = record.scores.replyFocus;
  return focus ? record.reply.slice(focus.start, focus.end) : record.reply;
}

/** The scores of one probe as a reader checks them, in the order docs/probe.md explains them. */
export function ProbeScoresList({ record }: { record: ProbeRecord }) {
  const s = record.scores;
  return (
    <dl class="probe-scores">
      <div>
        <dt>In order</dt>
        <dd data-score="in-order">
          {percent(s.inOrderShare)}{' '}
          <span class="recital-muted">
            ({s.inOrderWords} of {s.continuationWords} words)
          </span>
        </dd>
      </div>
      <div>
        <dt>Longest verbatim run</dt>
        <dd data-score="longest-run">{words(s.longestRun)}</dd>
      </div>
      <div>
        <dt>First {s.firstWords} words exact</dt>
        <dd data-score="first-words">{s.firstWordsExact ? 'yes' : `no (${s.exactStartWords})`}</dd>
      </div>
      <div>
        <dt>Copied spans found</dt>
        <dd data-score="spans">
          {s.spans.length === 0
            ? 'none'
            : s.spans
                .map(
                  (span) =>
                    `${span.words} words ${span.kind === 'exact' ? 'exact' : `near (${span.edits} edits)`}`,
                )
                .join(', ')}
        </dd>
      </div>
    </dl>
  );
}

/** One probe: its prefix, the true continuation beside the reply, the word diff, the scores. */
export function ProbeCard({ record, position }: { record: ProbeRecord; position: number }) {
  const part = replyPart(record);
  const diff = diffWords(record.continuation, part);
  return (
    <article
      class="recital-card probe-card"
      data-probe-id={record.id}
      aria-labelledby={`probe-${record.id}`}
    >
      <h3 class="recital-card__title" id={`probe-${record.id}`}>
        Probe {position}: word {record.wordStart + 1} of “{record.title}”
      </h3>
      <ProbeScoresList record={record} />
      <p class="probe-card__prefix">
        <span class="recital-label">Prompt’s opening words</span> {record.prefix}
      </p>
      <div class="probe-card__sides">
        <section>
          <h4>True continuation</h4>
          <p data-side="continuation">{record.continuation}</p>
        </section>
        <section>
          <h4>{record.scores.replyFocus ? 'The reply’s matching part' : 'The reply'}</h4>
          <p data-side="reply">{part}</p>
        </section>
      </div>
      <p class="probe-card__diff">
        <span class="recital-label">Word diff</span>{' '}
        {diff.map((d, i) =>
          d.op === 'same' ? (
            <span key={i}>{d.text} </span>
          ) : d.op === 'removed' ? (
            <del key={i}>{d.text} </del>
          ) : (
            <ins key={i}>{d.text} </ins>
          ),
        )}
      </p>
      {record.scores.replyFocus && (
        <details>
          <summary>The whole reply</summary>
          <p class="probe-card__reply">{record.reply}</p>
        </details>
      )}
    </article>
  );
}
