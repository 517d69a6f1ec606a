// Loads the matcher's index at wake and after a library change: the posting pages' metadata and
// filters only (posting-store.ts), never the postings themselves; a scan reads the pages it needs.
import type { LibraryDocument, LibraryStore, PagedIndex } from '../library/store/index';

export type IndexLoaderStore = Pick<LibraryStore, 'loadPagedIndex' | 'listDocuments'>;

export interface LoadedIndex {
  paged: PagedIndex;
  /** Active documents by id. */
  active: Map<string, LibraryDocument>;
}

/** The index of the active documents whose postings are in the pages. */
export async function loadMatcherIndex(store: IndexLoaderStore): Promise<LoadedIndex> {
  // The document list and the filters are read at the same time: both are needed before a scan.
  const listed = store.listDocuments();
  // Awaited by loadPagedIndex; a failure is reported there, not as an unhandled rejection.
  listed.catch(() => undefined);
  const paged = await store.loadPagedIndex(listed);
  const docs = await listed;
  return { paged, active: new Map(docs.map((d) => [d.id, d])) };
}
