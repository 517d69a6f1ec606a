import { useMemo, useRef, useState } from 'preact/hooks';
import { Notice } from '../ui/notice';
import { BackupPanel } from './backup-panel';
import { EmptyLibrary } from './empty-library';
import { LibraryTable } from './library-table';
import { describeError } from './describe-error';
import type { LibraryClient, LibraryEntry, MetadataPatch, StorageUsage } from './library-client';
import type { ShowToast } from './options-app';
import { searchDocuments } from './search-documents';
import { StorageMeter } from './storage-meter';
import { useDeleteWithUndo } from './use-delete-with-undo';

interface LibrarySectionProps {
  client: LibraryClient | undefined;
  entries: LibraryEntry[] | undefined;
  storage: StorageUsage | undefined;
  onChanged: () => Promise<void>;
  /** A backup restore saved settings. */
  onSettingsRestored: () => void;
  showToast: ShowToast;
  goToImport: () => void;
}

export function LibrarySection({
  client,
  entries,
  storage,
  onChanged,
  onSettingsRestored,
  showToast,
  goToImport,
}: LibrarySectionProps) {
  const [query, setQuery] = useState('');
  const [error, setError] = useState<string>();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const shown = useMemo(() => searchDocuments(entries ?? [], query), [entries, query]);

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

  const total = entries?.length ?? 0;
  const isSearching = query.trim() !== '';

  return (
    <section id="library" class="recital-section" aria-labelledby="library-heading">
      <div class="recital-section__head">
        <h2 id="library-heading" ref={headingRef} tabIndex={-1}>
          Library
        </h2>
        {entries && total > 0 && (
          <p class="recital-section__count">
            {total === 1 ? '1 document protected' : `${total} documents protected`}
          </p>
        )}
      </div>
      {error && (
        <Notice tone="error" onDismiss={() => setError(undefined)}>
          {error}
        </Notice>
      )}
      {entries === undefined ? (
        <p class="recital-muted" role="status">
          Loading your library…
        </p>
      ) : total === 0 ? (
        <EmptyLibrary client={client} onChanged={onChanged} goToImport={goToImport} />
      ) : (
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
              {isSearching ? `Showing ${shown.length} of ${total} documents` : ''}
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
            <LibraryTable entries={shown} onSave={save} onDelete={remove} />
          )}
        </>
      )}
      <div class="recital-library-footer">
        <StorageMeter storage={storage} />
        <BackupPanel
          client={client}
          isEmpty={total === 0}
          onChanged={onChanged}
          onSettingsRestored={onSettingsRestored}
        />
      </div>
    </section>
  );
}
