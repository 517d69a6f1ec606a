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

/**
 * Deletes documents (one, or many chosen at once, in one transaction) and offers Undo in a
 * toast; deletes in quick succession share one toast, so its Undo brings all of them back.
 */
export function useDeleteWithUndo({
  client,
  onChanged,
  showToast,
  setError,
  headingRef,
}: DeleteWithUndoOptions): (entries: readonly LibraryEntry[]) => Promise<void> {
  const recentlyDeleted = useRef<{ entries: LibraryEntry[]; at: number }>({ entries: [], at: 0 });

  const undoDeletes = async (deleted: LibraryEntry[]): Promise<void> => {
    if (!client) return;
    recentlyDeleted.current = { entries: [], at: 0 };
    let restored = 0;
    try {
      restored = await client.changeMany(
        deleted.map((e) => e.id),
        { kind: 'restore' },
      );
    } catch (e) {
      setError(describeError(e, 'restoring the deleted documents'));
    }
    await onChanged();
    const lost = deleted.length - restored;
    if (restored > 0 && lost > 0)
      setError(
        `${plural(lost, 'document was', 'documents were')} removed for good and could not be restored.`,
      );
    if (restored > 0)
      showToast(
        restored === 1 && deleted.length === 1 && deleted[0]
          ? `Restored “${deleted[0].title}”.`
          : `Restored ${plural(restored, 'document', 'documents')}.`,
      );
  };

  return async (entries: readonly LibraryEntry[]): Promise<void> => {
    const first = entries[0];
    if (!client || !first) return;
    try {
      await client.changeMany(
        entries.map((e) => e.id),
        { kind: 'delete' },
      );
      await onChanged();
      headingRef.current?.focus();
      const now = Date.now();
      const recent =
        now - recentlyDeleted.current.at < UNDO_WINDOW_MS ? recentlyDeleted.current.entries : [];
      const deleted = [...recent, ...entries];
      recentlyDeleted.current = { entries: deleted, at: now };
      showToast(
        deleted.length === 1
          ? `Deleted “${first.title}”.`
          : `Deleted ${plural(deleted.length, 'document', 'documents')}.`,
        { label: 'Undo', run: () => void undoDeletes(deleted) },
      );
    } catch (e) {
      setError(
        describeError(
          e,
          entries.length === 1 ? `deleting “${first.title}”` : 'deleting the documents',
        ),
      );
    }
  };
}

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}
