// Chat tabs opened before Recital was installed have no content script: the browser injects it
// only into pages loaded afterwards. The welcome page lists them and offers one reload.
import { useEffect, useState } from 'preact/hooks';
import { browser } from '../shared/browser';
import { SITES } from '../sites/index';
import { Notice } from '../ui/notice';

export interface ChatTab {
  id: number;
  title: string;
  host: string;
}

/** What the section needs of the tabs API (tests pass a fake). */
export interface ChatTabsApi {
  list(): Promise<ChatTab[]>;
  reload(ids: readonly number[]): Promise<void>;
}

/**
 * The open tabs of the built-in sites. `tabs.query` with URL patterns needs host access to those
 * sites, which the manifest's content-script matches give; no `tabs` permission is asked for.
 */
const browserChatTabs: ChatTabsApi = {
  async list() {
    const tabs = await browser.tabs.query({ url: SITES.flatMap((site) => site.matches) });
    return tabs.flatMap((tab) => {
      if (typeof tab.id !== 'number' || !tab.url) return [];
      return [{ id: tab.id, title: tab.title || tab.url, host: new URL(tab.url).host }];
    });
  },
  async reload(ids) {
    await Promise.all(ids.map((id) => browser.tabs.reload(id)));
  },
};

export function OpenChatTabs({ api = browserChatTabs }: { api?: ChatTabsApi }) {
  const [tabs, setTabs] = useState<ChatTab[]>();
  const [state, setState] = useState<'idle' | 'reloading' | 'reloaded'>('idle');
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    // No list is no harm: the section then stays hidden.
    api.list().then(setTabs, () => setTabs([]));
  }, [api]);

  if (!tabs || tabs.length === 0) return null;
  const reload = async (): Promise<void> => {
    setState('reloading');
    setProblem(undefined);
    try {
      await api.reload(tabs.map((tab) => tab.id));
      setState('reloaded');
    } catch (e) {
      setProblem(
        `Some tabs could not be reloaded (${e instanceof Error ? e.message : String(e)}). Reload them yourself (F5).`,
      );
      setState('idle');
    }
  };
  return (
    <section class="recital-card recital-welcome__tabs" aria-labelledby="tabs-title">
      <h2 class="recital-card__title" id="tabs-title">
        Chats you already have open
      </h2>
      <p>
        Recital starts on chat pages loaded after it was installed. Reload these{' '}
        {tabs.length === 1 ? 'tab' : `${tabs.length} tabs`} so it checks them too (anything you were
        typing there may be lost):
      </p>
      <ul>
        {tabs.map((tab) => (
          <li key={tab.id}>
            {tab.title} <span class="recital-muted">({tab.host})</span>
          </li>
        ))}
      </ul>
      {state === 'reloaded' ? (
        <Notice tone="success">Reloaded. Recital now checks these chats.</Notice>
      ) : (
        <button
          type="button"
          class="recital-button recital-button--secondary"
          disabled={state === 'reloading'}
          onClick={() => void reload()}
        >
          {tabs.length === 1 ? 'Reload this tab' : 'Reload these tabs'}
        </button>
      )}
      {problem && <Notice tone="error">{problem}</Notice>}
    </section>
  );
}
