/** Scans a reply against a store's posting pages, as the background does, for the store tests. */
import { ReplyScanner, type ScanResult } from '../../../../src/core/index';
import type { LibraryStore, PagedIndex } from '../../../../src/library/store/index';

/** The paged index of the store's active documents, as a woken background loads it. */
export async function loadPaged(store: LibraryStore): Promise<PagedIndex> {
  return store.loadPagedIndex(await store.listDocuments());
}

/**
 * Scans `reply` against `paged` (default: a fresh load of `store`), reading the pages the scan
 * reports missing until none is; texts come from the store.
 */
export async function scanPaged(
  store: LibraryStore,
  reply: string,
  paged?: PagedIndex,
): Promise<ScanResult> {
  const index = paged ?? (await loadPaged(store));
  const texts = new Map<string, string>();
  const scanner = new ReplyScanner(index.index, (id) => texts.get(id));
  for (;;) {
    const result = scanner.update(reply, reply.length);
    const pages = scanner.missingPages();
    const docs = scanner.missingDocuments();
    if (pages.length === 0 && docs.length === 0) return result;
    await index.readPages(pages);
    for (const id of docs) texts.set(id, (await store.getDocumentText(id)) as string);
  }
}
