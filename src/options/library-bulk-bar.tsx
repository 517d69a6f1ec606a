import { useId, useState } from 'preact/hooks';
import type { LibraryEntry } from './library-client';
import { parseTags } from './parse-tags';

interface LibraryBulkBarProps {
  selected: ReadonlySet<string>;
  /** Every document the search matches (all pages), for "Select all N". */
  matching: readonly LibraryEntry[];
  onSelectAll: () => void;
  onClear: () => void;
  onDelete: () => Promise<void>;
  /** Adds or removes the tags on every selected document. */
  onTag: (change: { add?: string[]; remove?: string[] }) => Promise<void>;
}

const count = new Intl.NumberFormat();

/** What can be done to the chosen documents at once: delete (with Undo), add or remove a tag. */
export function LibraryBulkBar(props: LibraryBulkBarProps) {
  const { selected, matching, onSelectAll, onClear, onDelete, onTag } = props;
  const id = useId();
  const [tags, setTags] = useState('');
  const [isBusy, setIsBusy] = useState(false);
  if (selected.size === 0) return null;

  const allChosen = matching.every((e) => selected.has(e.id));
  const run = async (action: () => Promise<void>): Promise<void> => {
    setIsBusy(true);
    await action();
    setIsBusy(false);
  };
  const tag = (kind: 'add' | 'remove') => {
    const parsed = parseTags(tags);
    if (parsed.length === 0) return;
    void run(async () => {
      await onTag({ [kind]: parsed });
      setTags('');
    });
  };
  const button = 'recital-button recital-button--small';

  return (
    <div class="recital-bulk" role="region" aria-label="Selected documents">
      <p class="recital-bulk__count" role="status">
        {selected.size === 1
          ? '1 document selected'
          : `${count.format(selected.size)} documents selected`}
      </p>
      {!allChosen && (
        <button type="button" class={`${button} recital-button--ghost`} onClick={onSelectAll}>
          Select all {count.format(matching.length)} matching
        </button>
      )}
      <button type="button" class={`${button} recital-button--ghost`} onClick={onClear}>
        Clear selection
      </button>
      <span class="recital-bulk__tags">
        <label class="recital-visually-hidden" for={`${id}-tags`}>
          Tags for the selected documents, separated by commas
        </label>
        <input
          id={`${id}-tags`}
          class="recital-input recital-input--small"
          placeholder="tag"
          value={tags}
          onInput={(e) => setTags(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') tag('add');
          }}
        />
        <button
          type="button"
          class={`${button} recital-button--secondary`}
          disabled={isBusy || parseTags(tags).length === 0}
          onClick={() => tag('add')}
        >
          Add tag
        </button>
        <button
          type="button"
          class={`${button} recital-button--secondary`}
          disabled={isBusy || parseTags(tags).length === 0}
          onClick={() => tag('remove')}
        >
          Remove tag
        </button>
      </span>
      <button
        type="button"
        class={`${button} recital-button--danger-ghost`}
        disabled={isBusy}
        onClick={() => void run(onDelete)}
      >
        Delete selected
      </button>
    </div>
  );
}
