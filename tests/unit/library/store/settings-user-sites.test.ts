import { describe, expect, it } from 'vitest';
import { type LibrarySettings } from '../../../../src/library/store/index';
import { useTestStore } from './store-fixture';

const t = useTestStore({ name: 'user-sites-settings', clock: false });

describe('user-enabled sites in the settings', () => {
  it('start empty', async () => {
    expect((await t.store.getSettings()).userSites).toEqual([]);
  });

  it('keep one entry per origin, the last saved one, with the selector trimmed', async () => {
    const saved = await t.store.setSettings({
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
    expect((await t.store.getSettings()).userSites).toEqual(saved.userSites);
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
    await t.store.setSettings({ userSites: [{ origin: 'https://ok.test', replySelector: '.r' }] });
    await expect(
      t.store.setSettings({ userSites } as unknown as Partial<LibrarySettings>),
    ).rejects.toMatchObject({ code: 'bad-input' });
    expect((await t.store.getSettings()).userSites).toEqual([
      { origin: 'https://ok.test', replySelector: '.r' },
    ]);
  });
});
