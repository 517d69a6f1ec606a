import { PAGE_SIZE } from './use-library-view';

interface LibraryPagerProps {
  /** Zero-based. */
  page: number;
  pageCount: number;
  total: number;
  onPage: (page: number) => void;
}

const count = new Intl.NumberFormat();

/** "1–50 of 10,000" and the buttons to move between pages; nothing when all fit on one. */
export function LibraryPager({ page, pageCount, total, onPage }: LibraryPagerProps) {
  if (pageCount <= 1) return null;
  const first = page * PAGE_SIZE + 1;
  const last = Math.min(total, (page + 1) * PAGE_SIZE);
  const move = (label: string, to: number, text: string) => (
    <button
      type="button"
      class="recital-button recital-button--ghost recital-button--small"
      aria-label={label}
      disabled={to === page || to < 0 || to >= pageCount}
      onClick={() => onPage(to)}
    >
      {text}
    </button>
  );
  return (
    <nav class="recital-pager" aria-label="Library pages">
      {move('First page', 0, '«')}
      {move('Previous page', page - 1, '‹ Previous')}
      <span class="recital-pager__status" aria-live="polite">
        {count.format(first)}–{count.format(last)} of {count.format(total)}
        <span class="recital-muted">
          {' '}
          · page {count.format(page + 1)} of {count.format(pageCount)}
        </span>
      </span>
      {move('Next page', page + 1, 'Next ›')}
      {move('Last page', pageCount - 1, '»')}
    </nav>
  );
}
