import { useId, useRef, useState } from 'preact/hooks';
import { Notice } from '../ui/notice';
import { TextField } from '../ui/text-field';
import type { LibraryClient } from './library-client';

interface PasteFormProps {
  client: LibraryClient | undefined;
  onChanged: () => Promise<void>;
}

type Status = { tone: 'success' | 'info' | 'error'; text: string };

/** Add one text by pasting it; the fields are kept when adding fails, so nothing is lost. */
export function PasteForm({ client, onChanged }: PasteFormProps) {
  const id = useId();
  const [title, setTitle] = useState('');
  const [author, setAuthor] = useState('');
  const [text, setText] = useState('');
  const [status, setStatus] = useState<Status>();
  const [isAdding, setIsAdding] = useState(false);
  const textRef = useRef<HTMLTextAreaElement>(null);

  const submit = async (): Promise<void> => {
    if (!client) return;
    if (!text.trim()) {
      setStatus({
        tone: 'error',
        text: 'Paste the text you want to protect into the Text box first.',
      });
      textRef.current?.focus();
      return;
    }
    setIsAdding(true);
    const outcome = await client.addText({ title, author, text });
    setIsAdding(false);
    if (outcome.status === 'failed') {
      setStatus({ tone: 'error', text: outcome.message });
      return;
    }
    setTitle('');
    setAuthor('');
    setText('');
    if (outcome.status === 'duplicate') {
      setStatus({
        tone: 'info',
        text: `This text is already in your library as “${outcome.entry.title}”.`,
      });
    } else {
      setStatus({ tone: 'success', text: `Added “${outcome.entry.title}” to your library.` });
      await onChanged();
    }
  };

  return (
    <form
      class="recital-card recital-paste"
      aria-labelledby={`${id}-heading`}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3 id={`${id}-heading`} class="recital-card__title">
        Paste a text
      </h3>
      <TextField
        id={`${id}-title`}
        label="Title"
        hint="optional: the first line is used otherwise"
        value={title}
        onInput={setTitle}
      />
      <TextField
        id={`${id}-author`}
        label="Author"
        hint="optional"
        value={author}
        onInput={setAuthor}
      />
      <div class="recital-field">
        <label class="recital-label" for={`${id}-text`}>
          Text
        </label>
        <textarea
          id={`${id}-text`}
          ref={textRef}
          class="recital-input recital-textarea"
          rows={8}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
        />
      </div>
      <div class="recital-paste__footer">
        <button
          type="submit"
          class="recital-button recital-button--primary"
          disabled={!client || isAdding}
        >
          {isAdding ? 'Adding…' : 'Add to library'}
        </button>
      </div>
      <div aria-live="polite">
        {status && (
          <Notice tone={status.tone} onDismiss={() => setStatus(undefined)}>
            {status.text}
          </Notice>
        )}
      </div>
    </form>
  );
}
