// The popup's states without a list: an empty library, a page Recital does not check (with the
// offer to enable it there), and the moment right after enabling it.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { addSampleLibrary } from '../library/add-sample-library';
import { SITES } from '../sites/index';
import { Notice } from '../ui/notice';
import { enableSite, findTabOrigin, openLibrary, openSettings } from './popup-client';

export function EmptyState({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <section class="recital-popup__empty" aria-labelledby="recital-empty-title">
      <h2 id="recital-empty-title">{title}</h2>
      {children}
    </section>
  );
}

export function EmptyLibraryState({ onAdded }: { onAdded: () => void }) {
  const [isAdding, setIsAdding] = useState(false);
  const [problem, setProblem] = useState<string>();
  const add = async (): Promise<void> => {
    setIsAdding(true);
    setProblem(undefined);
    try {
      const failures = await addSampleLibrary();
      if (failures.length > 0) setProblem(failures.join(' '));
    } catch (e) {
      setProblem(
        `The sample library could not be added (${e instanceof Error ? e.message : String(e)}). Open the library and try there.`,
      );
    }
    setIsAdding(false);
    onAdded();
  };
  return (
    <EmptyState title="Your library is empty">
      <p>
        Recital compares chatbot replies with the texts you protect. Add your books, articles or
        poems, or try it first with three short sample passages.
      </p>
      <div class="recital-popup__actions">
        <button
          type="button"
          class="recital-button recital-button--primary"
          disabled={isAdding}
          onClick={() => void add()}
        >
          {isAdding ? 'Adding the sample library…' : 'Add the sample library'}
        </button>
        <button
          type="button"
          class="recital-button recital-button--secondary"
          onClick={openLibrary}
        >
          Add your texts
        </button>
      </div>
      {problem && <Notice tone="error">{problem}</Notice>}
    </EmptyState>
  );
}

/** A site the user enabled whose replies Recital does not know yet: the next step. */
export function PickReplyState({ host }: { host: string }) {
  return (
    <EmptyState title={`Recital is on for ${host}`}>
      <p>
        Now click one chatbot reply in the page. Recital then watches every reply like it on {host}{' '}
        and lists what they copy here.
      </p>
    </EmptyState>
  );
}

/**
 * A page without a Recital content script. Once the user enabled the site here, it says so at
 * once: the content script reports the page a moment later, and until then the old "does not
 * check" text would be false.
 */
export function UncheckedPageState({
  tabId,
  onEnabled,
}: {
  tabId: number;
  /** The site is on and in pick mode: the popup shows the next step until a reply is found. */
  onEnabled: (host: string) => void;
}) {
  const [origin, setOrigin] = useState<string>();
  const [enabled, setEnabled] = useState(false);
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    void findTabOrigin(tabId).then(setOrigin);
  }, [tabId]);
  const host = origin ? new URL(origin).host : undefined;
  if (enabled && host) return <PickReplyState host={host} />;
  const enable = async (): Promise<void> => {
    if (!origin) return;
    setProblem(undefined);
    const result = await enableSite(tabId, origin);
    if (result.ok) {
      setEnabled(true);
      onEnabled(new URL(origin).host);
    } else setProblem(result.error.message);
  };
  return (
    <EmptyState title="Recital does not check this page">
      <p>
        Recital checks the replies of {SITES.map((s) => s.label).join(', ')}. Open a conversation on
        one of them and click Recital again.
      </p>
      <p class="recital-muted">
        Just installed Recital or turned a site back on? Reload the chat page once.
      </p>
      {host && (
        <>
          <p>
            Is this a chatbot Recital does not know? Enable Recital on {host}, then click one of its
            replies in the page.
          </p>
          <button
            type="button"
            class="recital-button recital-button--primary"
            onClick={() => void enable()}
          >
            Enable Recital on {host}
          </button>
          {problem && <Notice tone="error">{problem}</Notice>}
        </>
      )}
      <button type="button" class="recital-button recital-button--secondary" onClick={openSettings}>
        Open settings
      </button>
    </EmptyState>
  );
}
