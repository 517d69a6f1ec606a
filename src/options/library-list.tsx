import type { RefObject } from 'preact';
import { describeError } from './describe-error';
import { LibraryBulkBar } from './library-bulk-bar';
import type { LibraryClient, LibraryEntry, MetadataPatch } from './library-client';
import { LibraryPager } from './library-pager';
import { LibraryTable } from './library-table';
import type { ShowToast } from './options-app';
import type { SortOrder } from './sort-documents';
import { useBulkActions } from './use-bulk-actions';
import { useDeleteWithUndo } from './use-delete-with-undo';
import { useLibraryView } from './use-library-view';

/** The order of the list before the user picks one: what a user who just imported expects. */
const NEWEST_FIRST: SortOrder = { key: 'added', direction: 'descending' };

interface LibraryListProps {
  client: LibraryClient | undefined;
  entries: readonly LibraryEntry[];
  onChanged: () => Promise<void>;
  showToast: ShowToast;
  setError: (error: string) => void;
  /** Takes keyboard focus after a delete, as the focused row is gone. */
  headingRef: RefObject<HTMLHeadingElement | null>;
}

/** The search box, the selection's actions, one page of the table and the page buttons. */
export function LibraryList(props: LibraryListProps) {
  const { client, entries, onChanged, showToast, setError, headingRef } = props;
  const view = useLibraryView(entries);
  const { query, setQuery, matching: shown, selected } = view;
  const total = entries.length;
  const isSearching = query.trim() !== '';

  const save = async (id: string, patch: MetadataPatch): Promise<boolean> => {
    if (!client) return false;
    try {
      await client.update(id, patch);
      await onChanged();
      showToast(`Saved “${patch.title}”.`);
      return true;
    } catch (e) {
      setError(describeError(e, 'saving your changes'));
      return false;
    }
  };

  const remove = useDeleteWithUndo({ client, onChanged, showToast, setError, headingRef });

  const bulk = useBulkActions({ client, entries, view, onChanged, showToast, setError, remove });

  return (
    <>
      <div class="recital-search">
        <label for="library-search" class="recital-label">
          Search by title, author or tag
        </label>
        <input
          id="library-search"
          class="recital-input"
          type="search"
          value={query}
          placeholder="e.g. lighthouse"
          autocomplete="off"
          onInput={(e) => setQuery(e.currentTarget.value)}
        />
        <p class="recital-muted recital-search__status" role="status" aria-live="polite">
          {isSearching
            ? `${shown.length.toLocaleString()} of ${total.toLocaleString()} documents match`
            : ''}
        </p>
      </div>
      {shown.length === 0 ? (
        <div class="recital-empty recital-empty--small">
          <p>No documents match “{query.trim()}”.</p>
          <button
            type="button"
            class="recital-button recital-button--secondary"
            onClick={() => setQuery('')}
          >
            Clear search
          </button>
        </div>
      ) : (
        <>
          <LibraryBulkBar
            selected={selected}
            matching={shown}
            onSelectAll={() =>
              bulk.select(
                shown.map((e) => e.id),
                true,
              )
            }
            onClear={() => view.setSelected(new Set())}
            onDelete={bulk.deleteSelected}
            onTag={bulk.tagSelected}
          />
          <LibraryTable
            entries={view.pageEntries}
            order={view.order ?? (isSearching ? undefined : NEWEST_FIRST)}
            onSort={view.sortBy}
            selected={selected}
            onSelect={bulk.select}
            onSave={save}
            onDelete={(entry) => remove([entry])}
          />
          <LibraryPager
            page={view.page}
            pageCount={view.pageCount}
            total={shown.length}
            onPage={view.setPage}
          />
        </>
      )}
    </>
  );
}
