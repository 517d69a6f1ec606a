// The probe page's one door to the background and to the chat tab's content script.
import { browser } from '../shared/browser';
import {
  createSender,
  type PopupToBackground,
  type PopupToContent,
  type ProbeReplyText,
} from '../shared/messages';
import type { Result } from '../shared/result';

const toBackground = createSender<PopupToBackground>((m) => browser.runtime.sendMessage(m));

/** A tab where Recital's content script reported: a chat a probe can run in. */
export interface ChatTab {
  tabId: number;
  siteId: string;
  title: string;
  url: string;
}

export interface ProbeClient {
  listChatTabs(): Promise<ChatTab[]>;
  replyTexts(tabId: number): Promise<ProbeReplyText[] | undefined>;
  fillComposer(tabId: number, prompt: string): Promise<Result<unknown>>;
  /** Brings the chat tab to the front, so the user can read the prompt and send it. */
  showTab(tabId: number): Promise<void>;
}

export const probeClient: ProbeClient = {
  async listChatTabs() {
    const tabs = await browser.tabs.query({});
    const found: ChatTab[] = [];
    for (const tab of tabs) {
      if (tab.id === undefined) continue;
      const report = await toBackground('getTabReport', { tabId: tab.id });
      if (report.ok && report.value)
        found.push({
          tabId: tab.id,
          siteId: report.value.siteId,
          title: tab.title ?? report.value.url,
          url: report.value.url,
        });
    }
    return found;
  },
  async replyTexts(tabId) {
    const answer = await toBackground('getReplyTexts', { tabId });
    return answer.ok ? (answer.value?.replies ?? []) : undefined;
  },
  fillComposer(tabId, prompt) {
    return createSender<PopupToContent>((m) => browser.tabs.sendMessage(tabId, m))('fillComposer', {
      prompt,
    });
  },
  async showTab(tabId) {
    await browser.tabs.update(tabId, { active: true }).catch(() => undefined);
  },
};
