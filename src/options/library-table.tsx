import { useEffect, useRef, useState } from 'preact/hooks';
import { DocumentEditForm } from './document-edit-form';
import type { LibraryEntry, MetadataPatch } from './library-client';
import { LibraryRow } from './library-row';

interface LibraryTableProps {
  entries: readonly LibraryEntry[];
  onSave: (id: string, patch: MetadataPatch) => Promise<boolean>;
  onDelete: (entry: LibraryEntry) => Promise<void>;
}

const COLUMNS = 6;

export function LibraryTable({ entries, onSave, onDelete }: LibraryTableProps) {
  const [editingId, setEditingId] = useState<string>();
  const [busyId, setBusyId] = useState<string>();
  const [returnFocusTo, setReturnFocusTo] = useState<string>();
  const wrapRef = useRef<HTMLDivElement>(null);

  // Closing the edit form removes the focused field: put keyboard focus back on that row's Edit.
  useEffect(() => {
    if (editingId !== undefined || returnFocusTo === undefined) return;
    const row = [...(wrapRef.current?.querySelectorAll<HTMLElement>('tr[data-doc-id]') ?? [])].find(
      (r) => r.dataset.docId === returnFocusTo,
    );
    row?.querySelector<HTMLButtonElement>('button')?.focus();
    setReturnFocusTo(undefined);
  }, [editingId, returnFocusTo]);

  const closeEditor = (id: string): void => {
    setReturnFocusTo(id);
    setEditingId(undefined);
  };

  return (
    <div class="recital-table-wrap" ref={wrapRef}>
      <table class="recital-table">
        <caption class="recital-visually-hidden">Documents in your library</caption>
        <thead>
          <tr>
            <th scope="col">Title</th>
            <th scope="col">Author</th>
            <th scope="col" class="recital-num">
              Words
            </th>
            <th scope="col" class="recital-num">
              Size
            </th>
            <th scope="col">Added</th>
            <th scope="col">
              <span class="recital-visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) =>
            entry.id === editingId ? (
              <tr key={entry.id} class="recital-table__edit-row" data-doc-id={entry.id}>
                <td colSpan={COLUMNS}>
                  <DocumentEditForm
                    entry={entry}
                    onCancel={() => closeEditor(entry.id)}
                    onSave={async (patch) => {
                      if (await onSave(entry.id, patch)) closeEditor(entry.id);
                    }}
                  />
                </td>
              </tr>
            ) : (
              <LibraryRow
                key={entry.id}
                entry={entry}
                isBusy={busyId === entry.id}
                onEdit={() => setEditingId(entry.id)}
                onDelete={async () => {
                  setBusyId(entry.id);
                  await onDelete(entry);
                  setBusyId(undefined);
                }}
              />
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}
