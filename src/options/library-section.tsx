import { useRef, useState } from 'preact/hooks';
import { Notice } from '../ui/notice';
import { BackupPanel } from './backup-panel';
import { EmptyLibrary } from './empty-library';
import { LibraryList } from './library-list';
import type { LibraryClient, LibraryEntry, StorageUsage } from './library-client';
import type { ShowToast } from './options-app';
import { StorageMeter } from './storage-meter';

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
  const [error, setError] = useState<string>();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const total = entries?.length ?? 0;

  return (
    <section id="library" class="recital-section" aria-labelledby="library-heading">
      <div class="recital-section__head">
        <h2 id="library-heading" ref={headingRef} tabIndex={-1}>
          Library
        </h2>
        {entries && total > 0 && (
          <p class="recital-section__count">
            {total === 1 ? '1 document protected' : `${total.toLocaleString()} documents protected`}
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
        <LibraryList
          client={client}
          entries={entries}
          onChanged={onChanged}
          showToast={showToast}
          setError={setError}
          headingRef={headingRef}
        />
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
