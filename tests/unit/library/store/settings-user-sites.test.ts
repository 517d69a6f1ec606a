import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  openLibraryStore,
  type LibrarySettings,
  type LibraryStore,
} from '../../../../src/library/store/index';

let store: LibraryStore;

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  store = await openLibraryStore('user-sites-settings');
});
afterEach(() => store.close());

describe('user-enabled sites in the settings', () => {
  it('start empty', async () => {
    expect((await store.getSettings()).userSites).toEqual([]);
  });

  it('keep one entry per origin, the last saved one, with the selector trimmed', async () => {
    const saved = await store.setSettings({
      userSites: [
        { origin: 'https://a.test', replySelector: '.old' },
        { origin: 'https://b.test', replySelector: 'div[data-role="assistant"]' },
        { origin: 'https://a.test', replySelector: '  .new  ' },
      ],
    });
    expect(saved.userSites).toEqual([
      { origin: 'https://a.test', replySelector: '.new' },
      { origin: 'https://b.test', replySelector: 'div[data-role="assistant"]' },
    ]);
    expect((await store.getSettings()).userSites).toEqual(saved.userSites);
  });

  it.each([
    ['a path in the origin', [{ origin: 'https://a.test/chat', replySelector: '.r' }]],
    ['a non-web origin', [{ origin: 'chrome://extensions', replySelector: '.r' }]],
    ['an empty selector', [{ origin: 'https://a.test', replySelector: '' }]],
    [
      'a selector with rule text',
      [{ origin: 'https://a.test', replySelector: '.r { display: none }' }],
    ],
    ['a missing selector', [{ origin: 'https://a.test' }]],
    ['not a list', 'https://a.test'],
  ])('refuse %s and keep the saved list', async (_name, userSites) => {
    await store.setSettings({ userSites: [{ origin: 'https://ok.test', replySelector: '.r' }] });
    await expect(
      store.setSettings({ userSites } as unknown as Partial<LibrarySettings>),
    ).rejects.toMatchObject({ code: 'bad-input' });
    expect((await store.getSettings()).userSites).toEqual([
      { origin: 'https://ok.test', replySelector: '.r' },
    ]);
  });
});
