import { useState } from 'preact/hooks';
import { Notice } from '../ui/notice';
import type { LibraryClient } from './library-client';
import { SAMPLE_LIBRARY } from '../library/sample-library';

interface EmptyLibraryProps {
  client: LibraryClient | undefined;
  onChanged: () => Promise<void>;
  goToImport: () => void;
}

/** What a new user sees: what Recital needs, and two ways to start. */
export function EmptyLibrary({ client, onChanged, goToImport }: EmptyLibraryProps) {
  const [isAdding, setIsAdding] = useState(false);
  const [problem, setProblem] = useState<string>();

  const addSamples = async (): Promise<void> => {
    if (!client) return;
    setIsAdding(true);
    setProblem(undefined);
    const failures: string[] = [];
    for (const sample of SAMPLE_LIBRARY) {
      const outcome = await client.addText({
        title: sample.title,
        author: sample.author,
        text: sample.text,
        tags: sample.tags,
      });
      if (outcome.status === 'failed') failures.push(outcome.message);
    }
    await onChanged();
    setIsAdding(false);
    if (failures.length > 0) setProblem(failures.join(' '));
  };

  return (
    <div class="recital-empty">
      <h3 class="recital-empty__title">Your library is empty</h3>
      <p>
        Add the texts you want to protect: your books, articles, poems or scripts. Recital then
        watches the replies of AI chatbots in this browser and flags any passage copied from them
        word for word. Your texts stay on this computer.
      </p>
      <div class="recital-empty__actions">
        <button type="button" class="recital-button recital-button--primary" onClick={goToImport}>
          Add your texts
        </button>
        <button
          type="button"
          class="recital-button recital-button--secondary"
          disabled={!client || isAdding}
          onClick={addSamples}
        >
          {isAdding ? 'Adding the sample library…' : 'Add the sample library'}
        </button>
      </div>
      <p class="recital-muted">
        The sample library is three short passages written for Recital, so you can see how it works
        before adding your own work. You can delete them at any time.
      </p>
      {problem && <Notice tone="error">{problem}</Notice>}
    </div>
  );
}
