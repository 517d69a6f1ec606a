// Loads the matcher's index: from the store's saved lookup table when the service worker wakes,
// and by changing the live index in place after a library change.
import type { PassageIndex } from '../core/index';
import type { IndexLoadReport, LibraryDocument, LibraryStore } from '../library/store/index';

export type IndexLoaderStore = Pick<
  LibraryStore,
  'loadIndex' | 'lastIndexLoad' | 'listDocuments' | 'getDocument'
>;

export interface LoadedIndex {
  index: PassageIndex;
  /** Active documents by id. */
  active: Map<string, LibraryDocument>;
  report: IndexLoadReport;
}

/**
 * Changes the live index in place: removing a document only marks it, and additions go to the
 * small delta table, so nothing is rebuilt whole and numbers of kept documents do not change.
 * `added`: the page says only these documents were added, so the library is not listed.
 */
async function updateIndex(
  store: IndexLoaderStore,
  index: PassageIndex,
  previous: Map<string, LibraryDocument>,
  added: readonly string[] | undefined,
): Promise<LoadedIndex> {
  let active: Map<string, LibraryDocument>;
  let wanted: LibraryDocument[];
  if (added) {
    const got = await Promise.all(added.map((id) => store.getDocument(id)));
    wanted = got.filter((d): d is LibraryDocument => d?.status === 'active' && !index.has(d.id));
    active = new Map([...previous, ...wanted.map((d): [string, LibraryDocument] => [d.id, d])]);
  } else {
    const docs = await store.listDocuments();
    active = new Map(docs.map((d) => [d.id, d]));
    for (const d of index.documents())
      if (active.get(d.id)?.contentHash !== d.contentHash) index.removeDocument(d.id);
    wanted = docs.filter((d) => !index.has(d.id));
  }
  const kept = index.size;
  if (wanted.length > 0)
    await store.loadIndex({ only: wanted.map((d) => d.id), into: index, documents: wanted });
  const loadReport = wanted.length > 0 ? store.lastIndexLoad() : undefined;
  const report = {
    reused: kept,
    read: loadReport?.read ?? 0,
    rebuilt: loadReport?.rebuilt ?? 0,
    fromTable: 0,
  };
  return { index, active, report };
}

/** Loads the index whole (`previous` unset) or brings `previous` up to date with the library. */
export async function loadMatcherIndex(
  store: IndexLoaderStore,
  previous: { index: PassageIndex; meta: Map<string, LibraryDocument> } | undefined,
  added?: readonly string[],
): Promise<LoadedIndex> {
  if (previous) return updateIndex(store, previous.index, previous.meta, added);
  const listing = store.listDocuments();
  // The saved table is read while the documents are listed.
  const index = await store.loadIndex({ documents: listing });
  const active = new Map((await listing).map((d) => [d.id, d]));
  return { index, active, report: store.lastIndexLoad() };
}
