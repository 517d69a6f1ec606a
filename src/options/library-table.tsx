import { useEffect, useRef, useState } from 'preact/hooks';
import { formatBytes } from '../ui/format-bytes';
import { formatDate } from '../ui/format-date';
import { DocumentEditForm } from './document-edit-form';
import type { LibraryEntry, MetadataPatch } from './library-client';

interface LibraryTableProps {
  entries: readonly LibraryEntry[];
  onSave: (id: string, patch: MetadataPatch) => Promise<boolean>;
  onDelete: (entry: LibraryEntry) => Promise<void>;
}

const COLUMNS = 6;
const numberFormat = new Intl.NumberFormat();

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
              <tr key={entry.id} data-doc-id={entry.id}>
                <th scope="row" class="recital-table__title">
                  <span>{entry.title}</span>
                  {entry.tags.length > 0 && (
                    <ul class="recital-tags" aria-label="Tags">
                      {entry.tags.map((tag) => (
                        <li key={tag} class="recital-tag">
                          {tag}
                        </li>
                      ))}
                    </ul>
                  )}
                </th>
                <td class="recital-table__author">
                  {entry.author ?? (
                    <>
                      <span class="recital-muted" aria-hidden="true">
                        —
                      </span>
                      <span class="recital-visually-hidden">No author</span>
                    </>
                  )}
                </td>
                <td class="recital-num">{numberFormat.format(entry.words)}</td>
                <td class="recital-num">{formatBytes(entry.bytes)}</td>
                <td class="recital-table__date">{formatDate(entry.addedAt)}</td>
                <td class="recital-table__actions">
                  <button
                    type="button"
                    class="recital-button recital-button--ghost recital-button--small"
                    aria-label={`Edit “${entry.title}”`}
                    onClick={() => setEditingId(entry.id)}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    class="recital-button recital-button--danger-ghost recital-button--small"
                    aria-label={`Delete “${entry.title}”`}
                    disabled={busyId === entry.id}
                    onClick={async () => {
                      setBusyId(entry.id);
                      await onDelete(entry);
                      setBusyId(undefined);
                    }}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}
