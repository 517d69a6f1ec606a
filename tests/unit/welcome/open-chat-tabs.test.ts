// @vitest-environment happy-dom
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../../src/shared/browser', () => ({ browser: {} }));
const { OpenChatTabs } = await import('../../../src/welcome/open-chat-tabs');

async function show(api: Parameters<typeof OpenChatTabs>[0]['api']): Promise<HTMLElement> {
  const root = document.createElement('div');
  document.body.append(root);
  await act(async () => {
    render(h(OpenChatTabs, { api }), root);
  });
  await act(() => new Promise((r) => setTimeout(r, 0)));
  return root;
}

afterEach(() => document.body.replaceChildren());

describe('the welcome page offer to reload chat tabs already open', () => {
  it('lists the open chat tabs and reloads exactly those on the button', async () => {
    const reload = vi.fn(async () => undefined);
    const root = await show({
      list: async () => [
        { id: 7, title: 'ChatGPT', host: 'chatgpt.com' },
        { id: 9, title: 'Claude', host: 'claude.ai' },
      ],
      reload,
    });
    expect(root.textContent).toContain('ChatGPT (chatgpt.com)');
    expect(root.textContent).toContain('Claude (claude.ai)');
    const button = root.querySelector('button');
    expect(button?.textContent).toBe('Reload these tabs');
    await act(async () => button?.click());
    expect(reload).toHaveBeenCalledWith([7, 9]);
    expect(root.textContent).toContain('Reloaded.');
  });

  it('shows nothing when no chat tab is open or the list fails', async () => {
    expect((await show({ list: async () => [], reload: vi.fn() })).textContent).toBe('');
    const failing = await show({ list: () => Promise.reject(new Error('no')), reload: vi.fn() });
    expect(failing.textContent).toBe('');
  });

  it('says so when a reload fails, keeping the button', async () => {
    const root = await show({
      list: async () => [{ id: 3, title: 'Gemini', host: 'gemini.google.com' }],
      reload: () => Promise.reject(new Error('No tab with id: 3')),
    });
    await act(async () => root.querySelector('button')?.click());
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('No tab with id: 3');
    expect(root.querySelector('button')?.textContent).toBe('Reload this tab');
  });
});
