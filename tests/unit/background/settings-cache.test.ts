import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type LibrarySettings } from '../../../src/library/store/index';
import { createSettingsCache } from '../../../src/background/settings-cache';

function setup(publishFails = false) {
  let stored: LibrarySettings = { ...DEFAULT_SETTINGS };
  const reads: number[] = [];
  const published: LibrarySettings[] = [];
  const cache = createSettingsCache(
    async () => {
      reads.push(1);
      return { ...stored };
    },
    async (settings) => {
      if (publishFails) throw new Error('storage.local is full');
      published.push(settings);
    },
  );
  return {
    cache,
    reads,
    published,
    save: (s: Partial<LibrarySettings>) => (stored = { ...stored, ...s }),
  };
}

describe('the background settings cache', () => {
  it('reads the store once until refreshed, and publishes what it read', async () => {
    const { cache, reads, published } = setup();
    await cache.get();
    await cache.get();
    expect(reads).toHaveLength(1);
    expect(published).toEqual([DEFAULT_SETTINGS]);
  });

  it('re-reads on refresh and publishes only settings that changed', async () => {
    const { cache, published, save } = setup();
    await cache.get();
    await cache.refresh();
    save({ highlightColors: { exact: '#000000', near: '#ffffff' } });
    expect((await cache.refresh()).highlightColors.exact).toBe('#000000');
    expect(published.map((s) => s.highlightColors.exact)).toEqual(['#f59e0b', '#000000']);
  });

  it('still gives the settings when their copy cannot be published', async () => {
    const { cache } = setup(true);
    expect(await cache.get()).toEqual(DEFAULT_SETTINGS);
  });
});
