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
});
