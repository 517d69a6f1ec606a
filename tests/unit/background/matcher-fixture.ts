/** Shared setup of the matcher tests: the sample library, a watched store, store-read counts. */
import 'fake-indexeddb/auto';
import fs from 'node:fs';
import path from 'node:path';
import { vi } from 'vitest';
import { findSpans, type ScanResult } from '../../../src/core/index';
import type { MatcherStore } from '../../../src/background/matcher';
import type { LibraryStore } from '../../../src/library/store/index';

const SAMPLES = path.resolve(import.meta.dirname, '../../../samples');
const read = (p: string): string => fs.readFileSync(path.join(SAMPLES, p), 'utf8');
export const ledger = read('library/salt-and-ledger.txt');
export const lighthouse = read('library/the-lighthouse-keeper.txt');
const orchard = read('library/the-glass-orchard.txt');
export const replyLedger = read('replies/reply-ledger.txt');
export const replyLighthouse = read('replies/reply-lighthouse.txt');
export const replyOriginal = read('replies/reply-original.txt');
export const quote =
  'The second book was never shown to the tax collector. It lived in a tin box under the floorboards of the counting room';
export const fresh =
  'The cartographer folded her brass compass into a velvet pouch and walked north along the frozen canal toward the observatory';

/** Adds the three sample books (not merged into the pages yet); their ids by name. */
export async function addSamples(store: LibraryStore): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const [name, text] of Object.entries({ ledger, lighthouse, orchard }))
    ids[name] = (await store.addDocument({ text, title: name, format: 'txt' })).doc.id;
  return ids;
}

/** Adds the sample books and merges them, as an import followed by its libraryChanged does. */
export async function seed(store: LibraryStore): Promise<Record<string, string>> {
  const ids = await addSamples(store);
  await store.mergePostings();
  return ids;
}

export type WatchedStore = MatcherStore & { textReads: string[]; gate?: Promise<void> };

/** The store with a list of text reads, and an optional gate that holds each read. */
export function watched(inner: LibraryStore): WatchedStore {
  const w: WatchedStore = {
    textReads: [],
    loadPagedIndex: (docs) => inner.loadPagedIndex(docs),
    mergePostings: (o) => inner.mergePostings(o),
    listDocuments: (o) => inner.listDocuments(o),
    docsEpoch: () => inner.docsEpoch(),
    getSettings: () => inner.getSettings(),
    readTextParts: (wanted) => inner.readTextParts(wanted),
    writeTextParts: (id, hash, parts) => inner.writeTextParts(id, hash, parts),
    keepFileParts: (docs) => inner.keepFileParts(docs),
    async getDocumentText(id) {
      w.textReads.push(id);
      if (w.gate) await w.gate;
      return inner.getDocumentText(id);
    },
  };
  return w;
}

/**
 * Records the object store of every read from IndexedDB (get, getAll, getAllKeys, cursors,
 * counts) from now until the test's mocks are restored.
 */
export function countStoreReads(): string[] {
  const reads: string[] = [];
  const proto = IDBObjectStore.prototype as unknown as Record<
    string,
    (this: IDBObjectStore, ...args: unknown[]) => unknown
  >;
  for (const method of ['get', 'getAll', 'getAllKeys', 'openCursor', 'openKeyCursor', 'count']) {
    const original = proto[method] as (this: IDBObjectStore, ...args: unknown[]) => unknown;
    vi.spyOn(proto, method).mockImplementation(function (this: IDBObjectStore, ...args) {
      reads.push(this.name);
      return original.apply(this, args);
    });
  }
  return reads;
}

/** What an in-memory index of every active document, built from their records, finds. */
export async function fromRecords(store: LibraryStore, reply: string): Promise<ScanResult> {
  const index = await store.loadIndex();
  const texts = new Map<string, string>();
  for (const d of await store.listDocuments())
    texts.set(d.id, (await store.getDocumentText(d.id)) as string);
  return findSpans(index, reply, (id) => texts.get(id));
}

/** The document numbers in every posting page of the store's database. */
export async function numbersInPages(store: LibraryStore): Promise<Set<number>> {
  const { openDB } = await import('idb');
  const db = await openDB(store.name);
  try {
    const numbers = new Set<number>();
    for (const value of (await db.getAll('pages')) as ArrayBuffer[]) {
      const triples = new Uint32Array(value);
      for (let i = 2; i < triples.length; i += 3) numbers.add(triples[i] as number);
    }
    return numbers;
  } finally {
    db.close();
  }
}

/** How many posting pages the store's database holds. */
export async function countPages(store: LibraryStore): Promise<number> {
  const { openDB } = await import('idb');
  const db = await openDB(store.name);
  try {
    return await db.count('pages');
  } finally {
    db.close();
  }
}

/** The number the pages' metadata gives document `id`. */
export async function pageNumberOf(store: LibraryStore, id: string): Promise<number | undefined> {
  const { openDB } = await import('idb');
  const db = await openDB(store.name);
  try {
    const meta = (await db.get('pageMeta', 'meta')) as
      { docs: Map<string, [number, string]> } | undefined;
    return meta?.docs.get(id)?.[0];
  } finally {
    db.close();
  }
}
