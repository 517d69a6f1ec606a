import type { LibraryDocument } from '../library/store/index';
import type { LibraryEntry } from './library-client';

/** The page's view of a stored document: a copy, so the page never edits the store's record. */
export function toLibraryEntry(doc: LibraryDocument): LibraryEntry {
  const entry: LibraryEntry = {
    id: doc.id,
    title: doc.title,
    tags: [...doc.tags],
    words: doc.words,
    bytes: doc.bytes,
    addedAt: doc.addedAt,
    format: doc.format,
  };
  if (doc.author) entry.author = doc.author;
  if (doc.fileName) entry.fileName = doc.fileName;
  return entry;
}
