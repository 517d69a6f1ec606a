import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_SETTINGS,
  openLibraryStore,
  type LibraryStore,
} from '../../../../src/library/store/index';

let clock = 1_000;
const now = (): number => clock;
let store: LibraryStore;

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  clock = 1_000;
  store = await openLibraryStore('test', { now });
});

afterEach(() => {
  store.close();
  vi.restoreAllMocks();
});

describe('settings', () => {
  it('starts from the defaults, merges changes and rejects invalid ones', async () => {
    expect(await store.getSettings()).toEqual(DEFAULT_SETTINGS);
    expect(await store.setSettings({ minWords: 20 })).toEqual({
      ...DEFAULT_SETTINGS,
      minWords: 20,
    });
    await expect(store.setSettings({ minWords: 0 })).rejects.toMatchObject({ code: 'bad-input' });
    expect((await store.getSettings()).minWords).toBe(20);
  });
});
