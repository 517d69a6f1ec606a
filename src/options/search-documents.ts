import Fuse from 'fuse.js';
import type { LibraryEntry } from './library-client';

/** Newest first; the order a user who just imported something expects. */
export function sortNewestFirst(entries: readonly LibraryEntry[]): LibraryEntry[] {
  return [...entries].sort(
    (a, b) => (b.addedAt ?? 0) - (a.addedAt ?? 0) || a.title.localeCompare(b.title),
  );
}

/**
 * Fuzzy search over title, author and tags; an empty query returns every entry, newest first.
 * Typos are forgiven (threshold 0.35) and words may appear anywhere in a field.
 */
export function searchDocuments(entries: readonly LibraryEntry[], query: string): LibraryEntry[] {
  const trimmed = query.trim();
  if (!trimmed) return sortNewestFirst(entries);
  return fuseFor(entries)
    .search(trimmed)
    .map((r) => r.item);
}

// One index per list, not per keystroke: a library of thousands stays responsive while typing.
const indexes = new WeakMap<readonly LibraryEntry[], Fuse<LibraryEntry>>();

function fuseFor(entries: readonly LibraryEntry[]): Fuse<LibraryEntry> {
  let fuse = indexes.get(entries);
  if (!fuse) {
    fuse = new Fuse(entries, {
      keys: [
        { name: 'title', weight: 0.6 },
        { name: 'author', weight: 0.3 },
        { name: 'tags', weight: 0.1 },
      ],
      threshold: 0.35,
      ignoreLocation: true,
    });
    indexes.set(entries, fuse);
  }
  return fuse;
}
