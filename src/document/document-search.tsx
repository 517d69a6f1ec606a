import { MAX_MATCHES } from './find-in-text';

interface DocumentSearchProps {
  query: string;
  onQuery: (query: string) => void;
  matchCount: number;
  /** Index of the match shown; -1 for none. */
  current: number;
  onStep: (by: 1 | -1) => void;
}

const count = new Intl.NumberFormat();

function describe(query: string, matchCount: number, current: number): string {
  if (query.trim() === '') return '';
  if (matchCount === 0) return 'No matches';
  const total =
    matchCount >= MAX_MATCHES ? `${count.format(MAX_MATCHES)}+` : count.format(matchCount);
  return `${count.format(current + 1)} of ${total} ${matchCount === 1 ? 'match' : 'matches'}`;
}

/** Find in this text: a box, the count, and next/previous (Enter and Shift+Enter in the box). */
export function DocumentSearch({
  query,
  onQuery,
  matchCount,
  current,
  onStep,
}: DocumentSearchProps) {
  const button = 'recital-button recital-button--secondary recital-button--small';
  return (
    <div role="search" class="recital-doc__search">
      <label for="doc-search" class="recital-label">
        Find in this text
      </label>
      <input
        id="doc-search"
        class="recital-input"
        type="search"
        autocomplete="off"
        value={query}
        onInput={(e) => onQuery(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key !== 'Enter') return;
          e.preventDefault();
          onStep(e.shiftKey ? -1 : 1);
        }}
      />
      <button type="button" class={button} disabled={matchCount === 0} onClick={() => onStep(-1)}>
        Previous
      </button>
      <button type="button" class={button} disabled={matchCount === 0} onClick={() => onStep(1)}>
        Next
      </button>
      <p class="recital-doc__count" role="status" aria-live="polite">
        {describe(query, matchCount, current)}
      </p>
    </div>
  );
}
