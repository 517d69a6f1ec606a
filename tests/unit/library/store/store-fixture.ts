/** Shared setup for the library store tests: a fresh fake IndexedDB and store per test. */
import 'fake-indexeddb/auto';
import { INDEX_FORMAT_VERSION } from '../../../../src/core/index';
import fs from 'node:fs';
import path from 'node:path';
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { afterEach, beforeEach, vi } from 'vitest';
import { openLibraryStore, type LibraryStore } from '../../../../src/library/store/index';

const SAMPLES = path.resolve(import.meta.dirname, '../../../../samples/library');
const sample = (name: string): string => fs.readFileSync(path.join(SAMPLES, name), 'utf8');

export const ledger = sample('salt-and-ledger.txt');
export const lighthouse = sample('the-lighthouse-keeper.txt');
export const orchard = sample('the-glass-orchard.txt');
export const quote =
  'The second book was never shown to the tax collector. It lived in a tin box under the floorboards of the counting room';

interface TestStore {
  /** The store opened for the current test. */
  readonly store: LibraryStore;
  /** The test clock, as given to the store. */
  readonly now: () => number;
  /** Sets the test clock, in milliseconds. */
  setClock(ms: number): void;
}

/**
 * Registers hooks that give each test a fresh IndexedDB and a store opened on it, named `name`,
 * closed after the test. With `clock`, the store runs on a test clock that starts at 1000.
 */
export function useTestStore({ name = 'test', clock: withClock = true } = {}): TestStore {
  let clock = 1_000;
  const now = (): number => clock;
  let store: LibraryStore | undefined;

  beforeEach(async () => {
    globalThis.indexedDB = new IDBFactory();
    clock = 1_000;
    store = await openLibraryStore(name, withClock ? { now } : undefined);
  });

  afterEach(() => {
    store?.close();
    vi.restoreAllMocks();
  });

  return {
    get store(): LibraryStore {
      if (!store) throw new Error('the test store is only open inside a test');
      return store;
    },
    now,
    setClock(ms: number): void {
      clock = ms;
    },
  };
}

/** Raw access to the database behind the store, for what the store's API does not show. */
export async function raw<T>(
  fn: (db: Awaited<ReturnType<typeof openDB>>) => Promise<T>,
  name = 'test',
): Promise<T> {
  const db = await openDB(name);
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

/**
 * Writes empty pages' metadata holding `lease` (none: no lease), as another context's pass
 * would have left it, in the database `test`.
 */
export async function putLease(lease?: { id: string; until: number }): Promise<void> {
  await raw(async (db) => {
    await db.put('pageMeta', {
      key: 'meta',
      indexFormat: INDEX_FORMAT_VERSION,
      gen: 0,
      pageBits: 0,
      postings: 0,
      nextNumber: 0,
      docs: new Map(),
      reserved: new Map(),
      ...(lease && { lease }),
    });
  });
}
