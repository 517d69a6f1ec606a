import { formatBytes } from '../ui/format-bytes';
import { formatDuration } from '../ui/format-duration';
import { estimateRate, type BatchProgress, type BatchSummary } from './run-import-batch';

interface ImportProgressProps {
  progress: BatchProgress | undefined;
  isRunning: boolean;
  isStopping: boolean;
  summary: BatchSummary | undefined;
  /** The share of the matching index written after the files were stored, while it is. */
  indexing?: number | undefined;
  indexError?: string | undefined;
  onCancel: () => void;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The end of a batch as a screen reader should hear it: one short sentence per outcome, and no
 * "Imported 0 documents" when nothing was (issue #18: "1 file could not be imported").
 */
export function describeSummary(summary: BatchSummary): string {
  const stopped = summary.results.filter((r) => r.status === 'cancelled').length;
  const sentences = [
    summary.imported > 0 && `Imported ${plural(summary.imported, 'document', 'documents')}.`,
    summary.duplicates > 0 &&
      `${plural(summary.duplicates, 'file was', 'files were')} already in your library.`,
    summary.failed > 0 && `${plural(summary.failed, 'file', 'files')} could not be imported.`,
    stopped > 0 &&
      `${plural(stopped, 'file was', 'files were')} not imported because you stopped the import.`,
  ].filter((sentence): sentence is string => typeof sentence === 'string');
  return sentences.length > 0 ? sentences.join(' ') : 'No files were imported.';
}

/** The step after the files are stored: their passages are added to the matching index. */
function IndexingProgress({ share }: { share: number }) {
  return (
    <div class="recital-progress">
      <p class="recital-progress__status" role="status" aria-live="polite">
        Preparing the new documents for matching…
      </p>
      <progress
        class="recital-progress__bar"
        max={1}
        value={share}
        aria-label="Preparing for matching"
      />
      <p class="recital-muted">
        Keep this page open for a moment; nothing you imported is lost if you close it.
      </p>
    </div>
  );
}

/** Progress bar, counts, speed and time left, with a Cancel that stops after the current file. */
export function ImportProgress({
  progress,
  isRunning,
  isStopping,
  summary,
  indexing,
  indexError,
  onCancel,
}: ImportProgressProps) {
  if (indexing !== undefined) return <IndexingProgress share={indexing} />;
  const rate = progress && isRunning ? estimateRate(progress) : undefined;
  return (
    <div class="recital-progress">
      {/* Always rendered: a live region must exist before it changes to be announced. */}
      <p class="recital-progress__status" role="status" aria-live="polite">
        {isRunning && progress
          ? `Importing ${Math.min(progress.done + 1, progress.total)} of ${progress.total}…`
          : summary
            ? describeSummary(summary)
            : ''}
      </p>
      {summary && indexError && (
        <p class="recital-error" role="alert">
          {indexError} Replies are checked against these documents once Recital has prepared them.
        </p>
      )}
      {isRunning && progress && (
        <>
          <progress
            class="recital-progress__bar"
            max={progress.bytesTotal || progress.total}
            value={progress.bytesTotal ? progress.bytesDone : progress.done}
            aria-label="Import progress"
          />
          <div class="recital-progress__details">
            <span>
              {progress.done} of {progress.total} documents done
            </span>
            <span>
              {progress.bytesTotal === undefined
                ? `${formatBytes(progress.bytesDone)} done`
                : `${formatBytes(progress.bytesDone)} of ${formatBytes(progress.bytesTotal)}`}
            </span>
            {rate && <span>{formatBytes(rate.bytesPerSecond)}/s</span>}
            <span>
              {rate ? `about ${formatDuration(rate.msLeft)} left` : 'estimating time left…'}
            </span>
          </div>
          {progress.current && (
            <p class="recital-muted recital-progress__current">
              Reading <span class="recital-filename">{progress.current}</span>
            </p>
          )}
          <button
            type="button"
            class="recital-button recital-button--secondary"
            disabled={isStopping}
            onClick={onCancel}
          >
            {isStopping ? 'Stopping after this file…' : 'Cancel'}
          </button>
          {isStopping && <p class="recital-muted">Files already imported stay in your library.</p>}
        </>
      )}
    </div>
  );
}
