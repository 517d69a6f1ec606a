import { openLibraryStore, type LibraryDocument } from '../library/store/index';

/** A document to read: its details and its whole text. */
export interface LoadedDocument {
  doc: LibraryDocument;
  text: string;
}

/** Document `id` from the library in this browser; undefined when it is not there (or deleted). */
export async function readDocument(id: string): Promise<LoadedDocument | undefined> {
  const store = await openLibraryStore();
  try {
    const doc = await store.getDocument(id);
    if (!doc || doc.status !== 'active') return undefined;
    const text = await store.getDocumentText(id);
    return text === undefined ? undefined : { doc, text };
  } finally {
    store.close();
  }
}
