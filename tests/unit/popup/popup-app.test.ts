// @vitest-environment happy-dom
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PopupReply, PopupReport, PopupSpan } from '../../../src/shared/messages';
import { ok } from '../../../src/shared/result';

vi.mock('../../../src/shared/browser', () => ({ browser: {} }));
const state: { report: PopupReport; siteCalls: unknown[][]; origin: string | undefined } = {
  report: { libraryDocuments: 1, page: null, replies: [] },
  siteCalls: [],
  origin: undefined,
};
vi.mock('../../../src/popup/popup-client', () => ({
  findTabId: async () => 3,
  fetchReport: async () => ok(state.report),
  findTabOrigin: async () => state.origin,
  enableSite: async () => ok(null),
  setSiteEnabled: async (...args: unknown[]) => {
    state.siteCalls.push(args);
    return ok(null);
  },
  flashSpan: async () => ok({ found: true }),
  openAuditLog: () => undefined,
  openLibrary: () => undefined,
  openSettings: () => undefined,
}));

const { PopupApp } = await import('../../../src/popup/popup-app');

function span(id: string, words: number, title: string, percent: number): PopupSpan {
  return {
    spanId: id,
    kind: 'exact',
    words,
    score: words,
    edits: 0,
    replyText: `copied words of ${id}`,
    sharedBy: 1,
    source: {
      docId: title,
      title,
      author: 'Charles Dickens',
      sourceStart: 6945,
      sourceEnd: 7158,
      percent,
      before: 'Before. ',
      passage: 'The passage.',
      after: ' After.',
    },
    diff: [],
  };
}

function reply(id: string, position: number, spans: PopupSpan[]): PopupReply {
  return { replyId: id, position, isComplete: true, words: 200, coverage: 0.4, spans };
}

const PAGE = {
  siteId: 'chatgpt',
  url: 'https://chatgpt.com/c/1',
  isSiteEnabled: true,
  replyCount: 2,
  notes: [],
};

async function show(report: PopupReport, until: string, search = ''): Promise<HTMLElement> {
  state.report = report;
  history.replaceState(null, '', `/popup.html${search}`);
  const root = document.createElement('div');
  document.body.append(root);
  await act(async () => {
    render(h(PopupApp, {}), root);
  });
  for (let i = 0; i < 100 && !root.textContent?.includes(until); i++)
    await act(() => new Promise((r) => setTimeout(r, 5)));
  return root;
}

afterEach(() => {
  document.body.replaceChildren();
  state.siteCalls = [];
  state.origin = undefined;
});

const TWO_REPLIES: PopupReport = {
  libraryDocuments: 2,
  page: PAGE,
  replies: [
    reply('r1', 1, [span('a', 40, 'Bleak House', 0), span('b', 72, 'Bleak House', 50)]),
    reply('r2', 2, [span('c', 30, 'Hard Times', 97)]),
  ],
};

describe('the popup with copied passages', () => {
  it('sums the passages per source work above the replies', async () => {
    const root = await show(TWO_REPLIES, 'Reply 2');
    const lines = [...root.querySelectorAll('.recital-sources li')].map((li) => li.textContent);
    expect(lines).toEqual([
      '2 passages from Bleak House by Charles Dickens, 112 words',
      '1 passage from Hard Times by Charles Dickens, 30 words',
    ]);
  });

  it('opens the strongest reply and collapses the others', async () => {
    const root = await show(TWO_REPLIES, 'Reply 2');
    const groups = [...root.querySelectorAll('details.recital-reply')] as HTMLDetailsElement[];
    expect(groups.map((g) => g.open)).toEqual([true, false]);
  });

  it('says where a passage sits in words, with no raw offsets or percentages', async () => {
    const root = await show(TWO_REPLIES, 'Reply 2');
    const places = [...root.querySelectorAll('.recital-span__where')].map((p) => p.textContent);
    expect(places).toEqual([
      'Found at the start of the text',
      'Found in the middle of the text',
      'Found at the end of the text',
    ]);
    expect(root.textContent).not.toMatch(/characters|6,945|% through/);
  });

  it('opens the reply of the passage a mark asked for and marks that card', async () => {
    const root = await show(TWO_REPLIES, 'Reply 2', '?tabId=3&reply=r2&span=c');
    const groups = [...root.querySelectorAll('details.recital-reply')] as HTMLDetailsElement[];
    expect(groups.map((g) => g.open)).toEqual([false, true]);
    expect(root.querySelector('.recital-span--target')?.getAttribute('data-span-id')).toBe('c');
  });

  it('has a switch for the site that is on, and switches it off', async () => {
    const root = await show(TWO_REPLIES, 'Reply 2');
    const toggle = root.querySelector('[role="switch"]') as HTMLButtonElement;
    expect(toggle.textContent).toBe('Check ChatGPT');
    expect(toggle.getAttribute('aria-checked')).toBe('true');
    await act(async () => toggle.click());
    expect(state.siteCalls).toEqual([[3, PAGE, false]]);
  });

  it('shows the switch off on a site switched off, and switches it back on', async () => {
    const root = await show(
      { ...TWO_REPLIES, page: { ...PAGE, isSiteEnabled: false } },
      'Recital is off on ChatGPT',
    );
    const toggle = root.querySelector('[role="switch"]') as HTMLButtonElement;
    expect(toggle.getAttribute('aria-checked')).toBe('false');
    await act(async () => toggle.click());
    expect(state.siteCalls).toEqual([[3, { ...PAGE, isSiteEnabled: false }, true]]);
  });
});

describe('the popup on a page Recital does not check', () => {
  it('says Recital is on for the site right after enabling it', async () => {
    state.origin = 'https://chat.example.org';
    const root = await show(
      { libraryDocuments: 1, page: null, replies: [] },
      'Enable Recital on chat.example.org',
    );
    expect(root.querySelector('h2')?.textContent).toBe('Recital does not check this page');
    expect(root.querySelector('[role="switch"]')).toBeNull();
    const enable = [...root.querySelectorAll('button')].find((b) =>
      b.textContent?.startsWith('Enable Recital'),
    ) as HTMLButtonElement;
    await act(async () => enable.click());
    for (let i = 0; i < 50 && !root.textContent?.includes('Recital is on'); i++)
      await act(() => new Promise((r) => setTimeout(r, 5)));
    expect(root.querySelector('h2')?.textContent).toBe('Recital is on for chat.example.org');
    expect(root.textContent).not.toContain('does not check');
    // The injected script reports the page before the user picked a reply: still the next step.
    state.report = {
      libraryDocuments: 1,
      page: { ...PAGE, siteId: 'generic:chat.example.org', replyCount: 0 },
      replies: [],
    };
    for (let i = 0; i < 400 && !root.querySelector('[role="switch"]'); i++)
      await act(() => new Promise((r) => setTimeout(r, 5)));
    expect(root.querySelector('h2')?.textContent).toBe('Recital is on for chat.example.org');
    expect(root.textContent).not.toContain('No chatbot replies');
  });
});
