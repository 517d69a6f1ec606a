import { useEffect, useRef, useState } from 'preact/hooks';
import { addSampleLibrary } from '../library/add-sample-library';
import { SAMPLE_TAG } from '../library/sample-library';
import { openLibraryStore } from '../library/store/index';
import { Notice } from '../ui/notice';
import { PageHeader } from '../ui/page-header';
import { PRACTICE_QUESTION, practiceReply, replyWords } from './practice-reply';

/** Time between streamed words: about a chatbot's pace, slow enough to watch the marks grow. */
const WORD_MS = 45;

async function hasSamples(): Promise<boolean> {
  const store = await openLibraryStore();
  try {
    const docs = await store.listDocuments();
    return docs.some((doc) => doc.tags.includes(SAMPLE_TAG));
  } finally {
    store.close();
  }
}

/**
 * The practice chat: a made-up chatbot streams a reply quoting the sample library, word by word,
 * into this page, and Recital's own reply pipeline (started by `main.tsx`) marks it.
 */
export function PracticeApp({ onChatShown }: { onChatShown: () => void }) {
  const [library, setLibrary] = useState<'checking' | 'missing' | 'adding' | 'ready'>('checking');
  const [problem, setProblem] = useState<string>();
  const [isStreaming, setStreaming] = useState(false);
  const replyRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    hasSamples().then(
      (has) => setLibrary(has ? 'ready' : 'missing'),
      () => setLibrary('missing'),
    );
  }, []);
  useEffect(() => {
    if (library === 'ready') onChatShown();
  }, [library, onChatShown]);

  const add = async (): Promise<void> => {
    setLibrary('adding');
    const failures = await addSampleLibrary().catch((e: unknown) => [String(e)]);
    if (failures.length > 0) setProblem(failures.join(' '));
    setLibrary(failures.length > 0 ? 'missing' : 'ready');
  };

  const ask = (): void => {
    const reply = replyRef.current;
    if (!reply || isStreaming) return;
    // Written outside Preact's render, a text node a word, the way a chatbot streams.
    const paragraph = document.createElement('p');
    reply.replaceChildren(paragraph);
    reply.setAttribute('aria-busy', 'true');
    setStreaming(true);
    const words = replyWords(practiceReply());
    const next = (index: number): void => {
      if (index >= words.length) {
        reply.setAttribute('aria-busy', 'false');
        setStreaming(false);
        return;
      }
      paragraph.append(words[index] as string);
      setTimeout(() => next(index + 1), WORD_MS);
    };
    next(0);
  };

  return (
    <div class="recital-page">
      <PageHeader
        title="Recital: practice chat"
        tagline="A made-up chatbot quotes the sample library, so you can see what Recital marks."
      />
      <main class="recital-main recital-practice">
        {library === 'checking' && <p class="recital-muted">Looking at your library…</p>}
        {(library === 'missing' || library === 'adding') && (
          <section class="recital-card">
            <p>
              The practice reply quotes Recital's sample library, which is not in your library yet.
              Add it? It is three short passages written for Recital, tagged “sample”; you can
              delete them later.
            </p>
            <button
              type="button"
              class="recital-button recital-button--primary"
              disabled={library === 'adding'}
              onClick={() => void add()}
            >
              {library === 'adding' ? 'Adding the sample library…' : 'Add the sample library'}
            </button>
          </section>
        )}
        {problem && <Notice tone="error">{problem}</Notice>}
        {library === 'ready' && (
          <section class="recital-practice__chat" aria-label="Practice conversation">
            <div class="recital-practice__turn recital-practice__turn--user">
              <p>{PRACTICE_QUESTION}</p>
            </div>
            <div
              class="recital-practice__turn"
              data-practice-role="assistant"
              aria-busy="false"
              aria-live="polite"
              ref={replyRef}
            >
              <p class="recital-muted">Press “Ask” and the practice chatbot answers.</p>
            </div>
            <button
              type="button"
              class="recital-button recital-button--primary"
              disabled={isStreaming}
              onClick={ask}
            >
              {isStreaming ? 'Answering…' : 'Ask'}
            </button>
            <p class="recital-muted">
              The marked words are copied from the sample library. Click the Recital button in the
              toolbar to see where each one comes from.
            </p>
          </section>
        )}
      </main>
    </div>
  );
}
