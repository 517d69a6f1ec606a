import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { LibraryEntry, MetadataPatch } from './library-client';
import { parseTags } from './parse-tags';
import { TextField } from '../ui/text-field';

interface DocumentEditFormProps {
  entry: LibraryEntry;
  onSave: (patch: MetadataPatch) => Promise<void>;
  onCancel: () => void;
}

/** Title, author and tags of one document; Escape or Cancel leaves it unchanged. */
export function DocumentEditForm({ entry, onSave, onCancel }: DocumentEditFormProps) {
  const id = useId();
  const [title, setTitle] = useState(entry.title);
  const [author, setAuthor] = useState(entry.author ?? '');
  const [tags, setTags] = useState(entry.tags.join(', '));
  const [problem, setProblem] = useState<string>();
  const [isSaving, setIsSaving] = useState(false);
  const titleRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    titleRef.current?.focus();
    titleRef.current?.select();
  }, []);

  return (
    <form
      class="recital-edit-form"
      aria-label={`Edit details of “${entry.title}”`}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
      onSubmit={async (e) => {
        e.preventDefault();
        if (!title.trim()) {
          setProblem(
            'Give the document a title, so you can recognise it when Recital flags a reply.',
          );
          titleRef.current?.focus();
          return;
        }
        setIsSaving(true);
        await onSave({ title: title.trim(), author: author.trim(), tags: parseTags(tags) });
        setIsSaving(false);
      }}
    >
      <div class="recital-field">
        <label class="recital-label" for={`${id}-title`}>
          Title
        </label>
        <input
          id={`${id}-title`}
          ref={titleRef}
          class="recital-input"
          value={title}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-problem` : undefined}
          onInput={(e) => setTitle(e.currentTarget.value)}
        />
      </div>
      <TextField id={`${id}-author`} label="Author" value={author} onInput={setAuthor} />
      <TextField
        id={`${id}-tags`}
        label="Tags"
        hint="separate with commas"
        value={tags}
        onInput={setTags}
      />
      {problem && (
        <p id={`${id}-problem`} class="recital-field-error" role="alert">
          {problem}
        </p>
      )}
      <div class="recital-edit-form__buttons">
        <button
          type="submit"
          class="recital-button recital-button--primary recital-button--small"
          disabled={isSaving}
        >
          {isSaving ? 'Saving…' : 'Save'}
        </button>
        <button
          type="button"
          class="recital-button recital-button--secondary recital-button--small"
          onClick={onCancel}
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
