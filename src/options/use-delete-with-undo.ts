import type { RefObject } from 'preact';
import { useRef } from 'preact/hooks';
import { describeError } from './describe-error';
import type { LibraryClient, LibraryEntry } from './library-client';
import type { ShowToast } from './options-app';

/** As long as the toast stays up (it waits while pointed at or focused, so this is a floor). */
const UNDO_WINDOW_MS = 10_000;

interface DeleteWithUndoOptions {
  client: LibraryClient | undefined;
  onChanged: () => Promise<void>;
  showToast: ShowToast;
  setError: (error: string) => void;
  /** Takes keyboard focus after a delete, as the focused row is gone. */
  headingRef: RefObject<HTMLHeadingElement | null>;
}

/** Deletes a document and offers Undo in a toast; deletes in quick succession share one toast. */
export function useDeleteWithUndo({
  client,
  onChanged,
  showToast,
  setError,
  headingRef,
}: DeleteWithUndoOptions): (entry: LibraryEntry) => Promise<void> {
  // Deletes in quick succession share one toast, so Undo brings all of them back.
  const recentlyDeleted = useRef<{ entries: LibraryEntry[]; at: number }>({ entries: [], at: 0 });

  const undoDeletes = async (deleted: LibraryEntry[]): Promise<void> => {
    if (!client) return;
    recentlyDeleted.current = { entries: [], at: 0 };
    const failed: string[] = [];
    for (const entry of deleted) {
      try {
        await client.restore(entry.id);
      } catch (e) {
        failed.push(describeError(e, `restoring “${entry.title}”`));
      }
    }
    await onChanged();
    if (failed.length > 0) setError(failed.join(' '));
    const restored = deleted.length - failed.length;
    if (restored > 0) {
      showToast(
        restored === 1 && deleted[0]
          ? `Restored “${deleted[0].title}”.`
          : `Restored ${restored} documents.`,
      );
    }
  };

  return async (entry: LibraryEntry): Promise<void> => {
    if (!client) return;
    try {
      await client.remove(entry.id);
      await onChanged();
      headingRef.current?.focus();
      const now = Date.now();
      const recent =
        now - recentlyDeleted.current.at < UNDO_WINDOW_MS ? recentlyDeleted.current.entries : [];
      const deleted = [...recent, entry];
      recentlyDeleted.current = { entries: deleted, at: now };
      showToast(
        deleted.length === 1 ? `Deleted “${entry.title}”.` : `Deleted ${deleted.length} documents.`,
        {
          label: 'Undo',
          run: () => void undoDeletes(deleted),
        },
      );
    } catch (e) {
      setError(describeError(e, `deleting “${entry.title}”`));
    }
  };
}
