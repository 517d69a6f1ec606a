import { useEffect, useRef, useState } from 'preact/hooks';
import { DocumentEditForm } from './document-edit-form';
import type { LibraryEntry, MetadataPatch } from './library-client';
import { LibraryRow } from './library-row';
import type { SortKey, SortOrder } from './sort-documents';

interface LibraryTableProps {
  entries: readonly LibraryEntry[];
  /** The order shown by the headers' aria-sort; undefined while a search ranks by best match. */
  order: SortOrder | undefined;
  onSort: (key: SortKey) => void;
  selected: ReadonlySet<string>;
  onSelect: (ids: readonly string[], isSelected: boolean) => void;
  onSave: (id: string, patch: MetadataPatch) => Promise<boolean>;
  onDelete: (entry: LibraryEntry) => Promise<void>;
}

const COLUMNS = 7;

const SORTABLE: { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: 'title', label: 'Title' },
  { key: 'author', label: 'Author' },
  { key: 'words', label: 'Words', numeric: true },
  { key: 'size', label: 'Size', numeric: true },
  { key: 'added', label: 'Added' },
];

/** A column header whose button sorts by it; aria-sort tells a screen reader the order. */
function SortHeader(props: {
  column: (typeof SORTABLE)[number];
  order: SortOrder | undefined;
  onSort: (key: SortKey) => void;
}) {
  const { column, order, onSort } = props;
  const direction = order?.key === column.key ? order.direction : undefined;
  return (
    <th scope="col" class={column.numeric ? 'recital-num' : undefined} aria-sort={direction}>
      <button type="button" class="recital-sort" onClick={() => onSort(column.key)}>
        {column.label}
        <span class="recital-sort__arrow" aria-hidden="true">
          {direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : '↕'}
        </span>
      </button>
    </th>
  );
}

export function LibraryTable(props: LibraryTableProps) {
  const { entries, order, onSort, selected, onSelect, onSave, onDelete } = props;
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

  const onPage = entries.filter((e) => selected.has(e.id)).length;

  return (
    <div class="recital-table-wrap" ref={wrapRef}>
      <table class="recital-table">
        <caption class="recital-visually-hidden">
          Documents in your library; the column buttons sort them
        </caption>
        <thead>
          <tr>
            <th scope="col" class="recital-table__select">
              <input
                type="checkbox"
                aria-label="Select all on this page"
                checked={onPage > 0 && onPage === entries.length}
                indeterminate={onPage > 0 && onPage < entries.length}
                onChange={(e) =>
                  onSelect(
                    entries.map((entry) => entry.id),
                    e.currentTarget.checked,
                  )
                }
              />
            </th>
            {SORTABLE.map((column) => (
              <SortHeader key={column.key} column={column} order={order} onSort={onSort} />
            ))}
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
                isSelected={selected.has(entry.id)}
                onSelect={(isSelected) => onSelect([entry.id], isSelected)}
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
