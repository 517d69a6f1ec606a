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
});
