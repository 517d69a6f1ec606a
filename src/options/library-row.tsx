import { formatBytes } from '../ui/format-bytes';
import { formatDate } from '../ui/format-date';
import { documentHref } from '../ui/document-link';
import type { LibraryEntry } from './library-client';

interface LibraryRowProps {
  entry: LibraryEntry;
  isSelected: boolean;
  onSelect: (isSelected: boolean) => void;
  isBusy: boolean;
  onEdit: () => void;
  onDelete: () => Promise<void>;
}

const numberFormat = new Intl.NumberFormat();

/** One document in the library table: a checkbox, title (a link to read it) and tags, author, size, date, Edit and Delete. */
export function LibraryRow(props: LibraryRowProps) {
  const { entry, isSelected, onSelect, isBusy, onEdit, onDelete } = props;
  return (
    <tr data-doc-id={entry.id} class={isSelected ? 'recital-table__row--selected' : undefined}>
      <td class="recital-table__select">
        <input
          type="checkbox"
          aria-label={`Select “${entry.title}”`}
          checked={isSelected}
          onChange={(e) => onSelect(e.currentTarget.checked)}
        />
      </td>
      <th scope="row" class="recital-table__title">
        {/* Opens the document page: its text, a search inside it. */}
        <span>
          <a href={documentHref(entry.id)}>{entry.title}</a>
        </span>
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
          onClick={onEdit}
        >
          Edit
        </button>
        <a
          class="recital-button recital-button--ghost recital-button--small"
          aria-label={`Probe “${entry.title}”: has a chatbot memorized it?`}
          href={`/src/probe/index.html?doc=${encodeURIComponent(entry.id)}`}
        >
          Probe
        </a>
        <button
          type="button"
          class="recital-button recital-button--danger-ghost recital-button--small"
          aria-label={`Delete “${entry.title}”`}
          disabled={isBusy}
          onClick={onDelete}
        >
          Delete
        </button>
      </td>
    </tr>
  );
}
