// @vitest-environment happy-dom
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PageNote, PopupReport } from '../../../src/shared/messages';
import { ok } from '../../../src/shared/result';

vi.mock('../../../src/shared/browser', () => ({ browser: {} }));
const report: { value: PopupReport } = { value: { libraryDocuments: 1, page: null, replies: [] } };
vi.mock('../../../src/popup/popup-client', () => ({
  findTabId: async () => 3,
  fetchReport: async () => ok(report.value),
  findTabOrigin: async () => undefined,
  enableSite: async () => ok(null),
  flashSpan: async () => ok({ found: false }),
  openAuditLog: () => undefined,
  openLibrary: () => undefined,
  openSettings: () => undefined,
}));

const { PopupApp } = await import('../../../src/popup/popup-app');

function page(notes: PageNote[]): PopupReport['page'] {
  return {
    siteId: 'chatgpt',
    url: 'https://chatgpt.com/c/1',
    isSiteEnabled: true,
    replyCount: 3,
    notes,
  };
}

async function show(value: PopupReport): Promise<HTMLElement> {
  report.value = value;
  const root = document.createElement('div');
  document.body.append(root);
  await act(async () => {
    render(h(PopupApp, {}), root);
  });
  // The tab id, then the report, arrive over a few renders.
  for (let i = 0; i < 100 && !root.textContent?.includes('Nothing copied'); i++)
    await act(() => new Promise((r) => setTimeout(r, 5)));
  return root;
}

afterEach(() => {
  document.body.replaceChildren();
});

describe('the popup says which limits the page reached', () => {
  it.each<[PageNote, string]>([
    [
      { kind: 'replies-capped', limit: 500, count: 1500 },
      'Recital stopped checking new replies on this page after 500 replies (1,500 replies not checked). Reload the page to check more.',
    ],
    [
      { kind: 'reply-cut', limit: 1_000_000, count: 1 },
      'A reply is longer than Recital checks (1,000,000 characters); only its first part was checked.',
    ],
    [
      { kind: 'reply-cut', limit: 1_000_000, count: 2 },
      '2 replies are longer than Recital checks (1,000,000 characters); only their first part was checked.',
    ],
    [
      { kind: 'audit-capped', limit: 50, count: 1 },
      "Recital stopped adding this page's flagged replies to the audit log after 50 records (1 reply not recorded). Reload the page to record more.",
    ],
  ])('shows %j as a plain sentence, even when nothing was copied', async (note, sentence) => {
    const root = await show({ libraryDocuments: 1, page: page([note]), replies: [] });
    expect(root.querySelector('[role="status"]')?.textContent).toBe(sentence);
    expect(root.textContent).toContain('Nothing copied from your library');
  });

  it('shows no note when the page reached no limit', async () => {
    const root = await show({ libraryDocuments: 1, page: page([]), replies: [] });
    expect(root.querySelector('.recital-notice')).toBeNull();
  });
});

describe('the popup says when a built-in site shows no replies Recital can read', () => {
  it('names the likely cause above the empty state', async () => {
    report.value = {
      libraryDocuments: 1,
      page: { ...page([{ kind: 'replies-missing', limit: 0, count: 0 }]), replyCount: 0 },
      replies: [],
    } as PopupReport;
    const root = document.createElement('div');
    document.body.append(root);
    await act(async () => {
      render(h(PopupApp, {}), root);
    });
    for (let i = 0; i < 100 && !root.textContent?.includes('No chatbot replies'); i++)
      await act(() => new Promise((r) => setTimeout(r, 5)));
    expect(root.querySelector('[role="status"]')?.textContent).toContain(
      "Recital can't find the replies on this page; the site may have changed.",
    );
  });
});
