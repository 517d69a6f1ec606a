import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../../src/library/store/index';
import { useTestStore } from './store-fixture';

const t = useTestStore();

describe('settings', () => {
  it('starts from the defaults, merges changes and rejects invalid ones', async () => {
    expect(await t.store.getSettings()).toEqual(DEFAULT_SETTINGS);
    expect(await t.store.setSettings({ minWords: 20 })).toEqual({
      ...DEFAULT_SETTINGS,
      minWords: 20,
    });
    await expect(t.store.setSettings({ minWords: 0 })).rejects.toMatchObject({ code: 'bad-input' });
    expect((await t.store.getSettings()).minWords).toBe(20);
  });

  it('mark replies in the page by default, keep the choice to turn marks off, and take only a boolean', async () => {
    expect((await t.store.getSettings()).markReplies).toBe(true);
    expect((await t.store.setSettings({ markReplies: false })).markReplies).toBe(false);
    await expect(
      t.store.setSettings({ markReplies: 'no' as unknown as boolean }),
    ).rejects.toMatchObject({ code: 'bad-input' });
    expect((await t.store.getSettings()).markReplies).toBe(false);
  });

  it('keep the team catalogue off by default and save it only when its address and token are usable', async () => {
    expect((await t.store.getSettings()).teamCatalogue).toEqual({
      enabled: false,
      url: '',
      token: '',
    });
    const on = { enabled: true, url: ' https://team.example.com/r ', token: ' tok ' };
    expect((await t.store.setSettings({ teamCatalogue: on })).teamCatalogue).toEqual({
      enabled: true,
      url: 'https://team.example.com/r',
      token: 'tok',
    });
    for (const bad of [
      { ...on, token: '' },
      { ...on, url: 'http://team.example.com' },
      { ...on, url: 'not a url' },
    ])
      await expect(t.store.setSettings({ teamCatalogue: bad })).rejects.toMatchObject({
        code: 'bad-input',
      });
    expect((await t.store.getSettings()).teamCatalogue.url).toBe('https://team.example.com/r');
  });
});
