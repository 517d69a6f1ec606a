import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type LibrarySettings } from '../../../src/library/store/index';
import { createSettingsCache } from '../../../src/background/settings-cache';

function setup() {
  let stored: LibrarySettings = { ...DEFAULT_SETTINGS };
  let fails = false;
  const reads: number[] = [];
  const cache = createSettingsCache(async () => {
    reads.push(1);
    if (fails) throw new Error('the store is closed');
    return { ...stored };
  });
  return {
    cache,
    reads,
    save: (s: Partial<LibrarySettings>) => (stored = { ...stored, ...s }),
    fail: (f: boolean) => (fails = f),
  };
}

describe('the background settings cache', () => {
  it('reads the store once until refreshed', async () => {
    const { cache, reads, save } = setup();
    await cache.get();
    save({ markReplies: false });
    expect((await cache.get()).markReplies).toBe(true);
    expect(reads).toHaveLength(1);
    expect((await cache.refresh()).markReplies).toBe(false);
    expect(reads).toHaveLength(2);
  });

  it('reads again after a failed read instead of keeping the failure', async () => {
    const { cache, fail } = setup();
    fail(true);
    await expect(cache.get()).rejects.toThrow('the store is closed');
    fail(false);
    expect(await cache.get()).toEqual(DEFAULT_SETTINGS);
  });
});
