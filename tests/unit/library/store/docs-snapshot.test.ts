// The active documents' list read from one snapshot record (docs-snapshot.ts): used only while
// no write of `docs` came after it, whichever way the library changed.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LibraryDocument } from '../../../../src/library/store/index';
import { ledger, lighthouse, orchard, raw, useTestStore } from './store-fixture';

const t = useTestStore();

/** The active documents as the records say, without the store's list. */
const truth = (): Promise<string[]> =>
  raw(async (db) =>
    (await db.getAll('docs'))
      .filter((d: LibraryDocument) => d.status === 'active')
      .sort((a: LibraryDocument, b: LibraryDocument) => a.addedAt - b.addedAt)
      .map((d: LibraryDocument) => `${d.id} ${d.title} ${d.tags.join(',')}`),
  );

const listed = async (): Promise<string[]> =>
  (await t.store.listDocuments()).map((d) => `${d.id} ${d.title} ${d.tags.join(',')}`);

/** Counts reads of the `docs` records through the status index (the list read whole). */
function countWholeReads(): { count: number } {
  const counter = { count: 0 };
  const proto = IDBIndex.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  const original = proto.getAll as (this: IDBIndex, ...a: unknown[]) => unknown;
  vi.spyOn(proto, 'getAll').mockImplementation(function (this: IDBIndex, ...args) {
    if (this.objectStore.name === 'docs') counter.count++;
    return original.apply(this, args);
  });
  return counter;
}

afterEach(() => vi.restoreAllMocks());

/** Lists (so a snapshot is kept), then waits until the list is served from it. */
async function settle(): Promise<void> {
  await t.store.listDocuments();
  const reads = countWholeReads();
  await vi.waitFor(async () => {
    const before = reads.count;
    await t.store.listDocuments();
    expect(reads.count).toBe(before);
  });
  vi.restoreAllMocks();
}

describe('the documents snapshot', () => {
  it('serves the list from one record once kept, without reading every document', async () => {
    await t.store.addDocument({ text: ledger, title: 'Ledger', format: 'txt' });
    await t.store.addDocument({ text: lighthouse, title: 'Lighthouse', format: 'txt' });
    await settle();
    const reads = countWholeReads();
    expect(await listed()).toEqual(await truth());
    expect(reads.count).toBe(0);
  });

  it('is never used after a change, whichever call made it', async () => {
    const a = (await t.store.addDocument({ text: ledger, title: 'Ledger', format: 'txt' })).doc;
    const b = (await t.store.addDocument({ text: lighthouse, title: 'Light', format: 'txt' })).doc;
    const changes: [string, () => Promise<unknown>][] = [
      ['add', () => t.store.addDocument({ text: orchard, title: 'Orchard', format: 'txt' })],
      ['rename', () => t.store.updateDocument(a.id, { title: 'Renamed' })],
      [
        'tag',
        () => t.store.changeDocuments([a.id, b.id], { kind: 'tags', add: ['x'], remove: [] }),
      ],
      ['delete', () => t.store.deleteDocument(b.id)],
      ['restore', () => t.store.restoreDocument(b.id)],
      ['bulk delete', () => t.store.changeDocuments([a.id], { kind: 'delete' })],
      ['purge', () => t.store.purgeDeleted()],
    ];
    for (const [name, change] of changes) {
      await settle();
      await change();
      expect(await listed(), name).toEqual(await truth());
    }
    expect(await listed()).toHaveLength(2);
  });

  it('is not kept when a write lands between the list and its snapshot', async () => {
    await t.store.addDocument({ text: ledger, title: 'Ledger', format: 'txt' });
    await settle();
    const reads = countWholeReads();
    // The add's new epoch makes this list read whole; its snapshot must not outlive the next add.
    await t.store.addDocument({ text: lighthouse, title: 'Light', format: 'txt' });
    const first = t.store.listDocuments();
    await t.store.addDocument({ text: orchard, title: 'Orchard', format: 'txt' });
    expect((await first).length).toBeGreaterThanOrEqual(2);
    expect(await listed()).toEqual(await truth());
    expect(await listed()).toHaveLength(3);
    expect(reads.count).toBeGreaterThan(0);
  });

  it('is not used when made at another schema version (a migration may change the records)', async () => {
    await t.store.addDocument({ text: ledger, title: 'Ledger', format: 'txt' });
    await settle();
    await raw(async (db) => {
      const epoch = await db.get('settings', 'docsEpoch');
      await db.put('settings', {
        key: 'docsSnapshot',
        value: { epoch: epoch.value, version: db.version - 1, json: '[]' },
      });
    });
    expect(await listed()).toEqual(await truth());
    expect(await listed()).toHaveLength(1);
  });
});
