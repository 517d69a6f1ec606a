import type { BatchFileResult } from './run-import-batch';

interface ImportResultsProps {
  results: readonly BatchFileResult[];
  /** Undefined while a batch runs, so results cannot be cleared mid-way. */
  onClear: (() => void) | undefined;
}

const LABELS: Record<BatchFileResult['status'], string> = {
  imported: 'Imported',
  duplicate: 'Already in your library',
  failed: 'Failed',
  cancelled: 'Not imported',
};

function detail(result: BatchFileResult): string | undefined {
  switch (result.status) {
    case 'imported':
      return `as “${result.title}”`;
    case 'duplicate':
      return `as “${result.title}”; nothing was added`;
    case 'failed':
      return result.message;
    case 'cancelled':
      return 'You stopped the import before this file. Add it again when you are ready.';
  }
}

/** One line per file, in the order they were chosen. */
export function ImportResults({ results, onClear }: ImportResultsProps) {
  if (results.length === 0) return null;
  return (
    <div class="recital-results">
      <div class="recital-results__head">
        <h4 class="recital-results__title">Results</h4>
        {onClear && (
          <button
            type="button"
            class="recital-button recital-button--ghost recital-button--small"
            onClick={onClear}
          >
            Clear results
          </button>
        )}
      </div>
      <ul class="recital-results__list" aria-label="Import results">
        {results.map((result, i) => (
          <li
            key={i}
            class={`recital-result recital-result--${result.status}`}
            data-status={result.status}
          >
            <span class={`recital-badge recital-badge--${result.status}`}>
              {LABELS[result.status]}
            </span>
            <span class="recital-filename">{result.name}</span>
            <span class="recital-result__detail">{detail(result)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
