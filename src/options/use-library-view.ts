import { useEffect, useMemo, useState } from 'preact/hooks';
import type { LibraryEntry } from './library-client';
import { searchDocuments } from './search-documents';
import { nextOrder, sortDocuments, type SortKey, type SortOrder } from './sort-documents';

/** Rows a page shows: enough to scan, few enough that 10,000 documents render at once. */
export const PAGE_SIZE = 50;

export interface LibraryView {
  query: string;
  setQuery: (query: string) => void;
  /** Undefined: the default order (newest first; best match first while searching). */
  order: SortOrder | undefined;
  sortBy: (key: SortKey) => void;
  /** Every document the search matches, in order; paging and "select all N" work on these. */
  matching: readonly LibraryEntry[];
  /** Zero-based. */
  page: number;
  pageCount: number;
  setPage: (page: number) => void;
  pageEntries: readonly LibraryEntry[];
  /** Ids chosen with the checkboxes; kept across pages and searches until acted on. */
  selected: ReadonlySet<string>;
  setSelected: (ids: ReadonlySet<string>) => void;
}

/** Search, sort, page and selection over the whole library, so no step looks only at one page. */
export function useLibraryView(entries: readonly LibraryEntry[] | undefined): LibraryView {
  const [query, setQueryState] = useState('');
  const [order, setOrder] = useState<SortOrder>();
  const [page, setPage] = useState(0);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());

  const found = useMemo(() => searchDocuments(entries ?? [], query), [entries, query]);
  const matching = useMemo(() => (order ? sortDocuments(found, order) : found), [found, order]);
  const pageCount = Math.max(1, Math.ceil(matching.length / PAGE_SIZE));
  const current = Math.min(page, pageCount - 1);
  const pageEntries = useMemo(
    () => matching.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE),
    [matching, current],
  );

  // A deleted document leaves the selection, so a later bulk action never names it.
  useEffect(() => {
    if (selected.size === 0 || !entries) return;
    const present = new Set(entries.map((e) => e.id));
    if ([...selected].some((id) => !present.has(id)))
      setSelected(new Set([...selected].filter((id) => present.has(id))));
  }, [entries, selected]);

  return {
    query,
    // A new search ranks by best match (a fuzzy search finds near titles too, so the best must
    // come first); a click on a column then sorts the matches.
    setQuery: (next) => {
      setQueryState(next);
      setOrder(undefined);
      setPage(0);
    },
    order,
    sortBy: (key) => {
      setOrder(nextOrder(order, key));
      setPage(0);
    },
    matching,
    page: current,
    pageCount,
    setPage: (next) => setPage(Math.max(0, Math.min(next, pageCount - 1))),
    pageEntries,
    selected,
    setSelected,
  };
}
