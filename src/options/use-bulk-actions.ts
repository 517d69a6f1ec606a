import { describeError } from './describe-error';
import type { LibraryClient, LibraryEntry } from './library-client';
import type { ShowToast } from './options-app';
import type { LibraryView } from './use-library-view';

interface BulkActionsOptions {
  client: LibraryClient | undefined;
  entries: readonly LibraryEntry[];
  view: LibraryView;
  onChanged: () => Promise<void>;
  showToast: ShowToast;
  setError: (error: string) => void;
  /** Deletes with Undo (use-delete-with-undo.ts). */
  remove: (entries: readonly LibraryEntry[]) => Promise<void>;
}

function describeTagChange(changed: number, change: { add?: string[]; remove?: string[] }): string {
  const tags = (change.add ?? change.remove ?? []).map((t) => `“${t}”`).join(', ');
  const documents = changed === 1 ? '1 document' : `${changed.toLocaleString()} documents`;
  if (changed === 0)
    return `Nothing changed: the selected documents ${change.add ? 'already have' : 'do not have'} ${tags}.`;
  return change.add ? `Tagged ${documents} ${tags}.` : `Removed ${tags} from ${documents}.`;
}

/** Choosing documents with the checkboxes, and what is done to all of them at once. */
export function useBulkActions(options: BulkActionsOptions) {
  const { client, entries, view, onChanged, showToast, setError, remove } = options;
  const { selected, setSelected } = view;

  const select = (ids: readonly string[], isSelected: boolean): void => {
    const next = new Set(selected);
    for (const id of ids) {
      if (isSelected) next.add(id);
      else next.delete(id);
    }
    setSelected(next);
  };

  const deleteSelected = async (): Promise<void> => {
    await remove(entries.filter((e) => selected.has(e.id)));
    setSelected(new Set());
  };

  const tagSelected = async (change: { add?: string[]; remove?: string[] }): Promise<void> => {
    if (!client) return;
    try {
      const changed = await client.changeMany([...selected], { kind: 'tags', ...change });
      await onChanged();
      showToast(describeTagChange(changed, change));
    } catch (e) {
      setError(describeError(e, 'changing the tags'));
    }
  };

  return { select, deleteSelected, tagSelected };
}
