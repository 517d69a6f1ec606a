// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as textRange from '../../../src/content/text/read-reply-text';
import { warmUpReading } from '../../../src/content/warm-up';

describe('the warm-up of the reading code', () => {
  afterEach(() => vi.restoreAllMocks());

  it('streams a reply through the reader with its block cache, in a document of its own', async () => {
    const main = document.createElement('main');
    main.append(Object.assign(document.createElement('p'), { textContent: 'The page' }));
    document.body.replaceChildren(main);
    const before = document.documentElement.outerHTML;
    const seen: MutationRecord[] = [];
    const observer = new MutationObserver((records) => seen.push(...records));
    observer.observe(document.documentElement, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
    });
    const reads = vi.spyOn(textRange, 'readReplyText');
    await warmUpReading(document);
    await new Promise((resolve) => setTimeout(resolve, 0));
    observer.disconnect();
    expect(seen).toEqual([]);
    expect(document.documentElement.outerHTML).toBe(before);
    // A first read, then the streamed words, read with the cache while the reply streams.
    expect(reads.mock.calls.length).toBeGreaterThan(20);
    expect(reads.mock.calls.filter(([, , cache]) => cache !== undefined).length).toBeGreaterThan(
      20,
    );
    expect(
      reads.mock.calls.every(([roots]) => roots.every((root) => root.ownerDocument !== document)),
    ).toBe(true);
  });
});
