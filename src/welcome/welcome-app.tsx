import { useState } from 'preact/hooks';
import { SITES } from '../sites/index';
import { browser } from '../shared/browser';
import { addSampleLibrary } from '../library/add-sample-library';
import { Notice } from '../ui/notice';
import { PageHeader } from '../ui/page-header';
import { PRACTICE_PAGE_PATH } from '../shared/practice-page';
import { OpenChatTabs, type ChatTabsApi } from './open-chat-tabs';

/**
 * First run: what Recital does, how to add a library, a one-click sample library with a practice
 * chat, how to pin the button, and a reload of the chat tabs already open.
 */
export function WelcomeApp({
  addSamples = addSampleLibrary,
  chatTabs,
}: {
  addSamples?: () => Promise<string[]>;
  chatTabs?: ChatTabsApi;
}) {
  const [state, setState] = useState<'idle' | 'adding' | 'added'>('idle');
  const [problem, setProblem] = useState<string>();

  const add = async (): Promise<void> => {
    setState('adding');
    setProblem(undefined);
    try {
      const failures = await addSamples();
      if (failures.length > 0) setProblem(failures.join(' '));
      setState('added');
    } catch (e) {
      setProblem(
        `The sample library could not be added (${e instanceof Error ? e.message : String(e)}). Open your library and try again there.`,
      );
      setState('idle');
    }
  };

  return (
    <div class="recital-page">
      <PageHeader
        title="Welcome to Recital"
        tagline="Recital tells you when an AI chatbot recites your writing word for word."
      />
      <main class="recital-main recital-welcome">
        <ol class="recital-welcome__steps">
          <li class="recital-card">
            <h2 class="recital-card__title">1. Add the texts you want to protect</h2>
            <p>
              Your books, articles, poems or scripts: plain text, Word, EPUB, PDF or HTML files.
              They stay in this browser; nothing is uploaded anywhere.
            </p>
            <button
              type="button"
              class="recital-button recital-button--primary"
              onClick={() => void browser.runtime.openOptionsPage()}
            >
              Open your library
            </button>
          </li>
          <li class="recital-card">
            <h2 class="recital-card__title">2. Chat as usual</h2>
            <p>
              On {SITES.map((s) => s.label).join(', ')}, Recital reads each reply as it is written
              and highlights any passage copied from your library. The number on the Recital button
              shows how many it found.
            </p>
          </li>
          <li class="recital-card">
            <h2 class="recital-card__title">3. Pin the Recital button</h2>
            <p>
              In Chrome or Edge, click the puzzle-piece icon (Extensions) right of the address bar,
              then the pin beside Recital, so its count stays in sight. Firefox shows the button in
              the toolbar already.
            </p>
          </li>
          <li class="recital-card">
            <h2 class="recital-card__title">4. Click the Recital button</h2>
            <p>
              See each copied passage, which of your texts it comes from and where, jump to it in
              the chat, and copy a citation. Every flagged reply is also kept in the audit log,
              ready to export.
            </p>
          </li>
        </ol>
        <SampleSection state={state} problem={problem} onAdd={() => void add()} />
        <OpenChatTabs api={chatTabs} />
      </main>
    </div>
  );
}

/** The sample library and, once it is there, the practice chat. */
function SampleSection({
  state,
  problem,
  onAdd,
}: {
  state: 'idle' | 'adding' | 'added';
  problem: string | undefined;
  onAdd: () => void;
}) {
  return (
    <section class="recital-card recital-welcome__sample" aria-labelledby="sample-title">
      <h2 class="recital-card__title" id="sample-title">
        Try it first with the sample library
      </h2>
      <p>
        Three short passages written for Recital. Add them, then open the practice chat: a made-up
        chatbot writes a reply quoting one of them, and Recital marks the copied words as it would
        on a real chatbot. Nothing leaves this browser.
      </p>
      {state === 'added' && !problem ? (
        <>
          <Notice tone="success">The sample library is ready.</Notice>
          <a
            class="recital-button recital-button--primary"
            href={browser.runtime.getURL(PRACTICE_PAGE_PATH)}
          >
            Open the practice chat
          </a>
        </>
      ) : (
        <button
          type="button"
          class="recital-button recital-button--secondary"
          disabled={state === 'adding'}
          onClick={onAdd}
        >
          {state === 'adding' ? 'Adding the sample library…' : 'Add the sample library'}
        </button>
      )}
      {problem && <Notice tone="error">{problem}</Notice>}
    </section>
  );
}
