import 'fake-indexeddb/auto';
import fs from 'node:fs';
import path from 'node:path';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { findSpans } from '../../../src/core/index';
import { createMatcher, type MatcherStore } from '../../../src/background/matcher';
import { openLibraryStore, type LibraryStore } from '../../../src/library/store/index';

const SAMPLES = path.resolve(import.meta.dirname, '../../../samples');
const read = (p: string): string => fs.readFileSync(path.join(SAMPLES, p), 'utf8');
const ledger = read('library/salt-and-ledger.txt');
const lighthouse = read('library/the-lighthouse-keeper.txt');
const orchard = read('library/the-glass-orchard.txt');
const replyLedger = read('replies/reply-ledger.txt');
const replyLighthouse = read('replies/reply-lighthouse.txt');
const replyOriginal = read('replies/reply-original.txt');
const quote =
  'The second book was never shown to the tax collector. It lived in a tin box under the floorboards of the counting room';

let store: LibraryStore;

/** The store with a count of text reads, and an optional gate that holds each read. */
function watched(
  inner: LibraryStore,
): MatcherStore & { textReads: string[]; gate?: Promise<void> } {
  const w: MatcherStore & { textReads: string[]; gate?: Promise<void> } = {
    textReads: [],
    loadIndex: (o) => inner.loadIndex(o),
    lastIndexLoad: () => inner.lastIndexLoad(),
    listDocuments: (o) => inner.listDocuments(o),
    getDocument: (id) => inner.getDocument(id),
    getSettings: () => inner.getSettings(),
    saveIndexTable: (index) => inner.saveIndexTable(index),
    async getDocumentText(id) {
      w.textReads.push(id);
      if (w.gate) await w.gate;
      return inner.getDocumentText(id);
    },
  };
  return w;
}

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  store = await openLibraryStore('test');
});

afterEach(() => store.close());

async function seed(): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const [name, text] of Object.entries({ ledger, lighthouse, orchard }))
    ids[name] = (await store.addDocument({ text, title: name, format: 'txt' })).doc.id;
  return ids;
}

describe('scanning text', () => {
  it('finds a copied passage with its source and offsets, loading the text it needs once', async () => {
    const ids = await seed();
    const s = watched(store);
    const matcher = createMatcher(s);
    const reply = `Here is the passage: ${quote}. Nobody knew.`;
    const result = await matcher.scanText(reply);
    expect(result.spans).toHaveLength(1);
    const span = result.spans[0];
    expect(span?.docId).toBe(ids.ledger);
    expect(reply.slice(span?.replyStart, span?.replyEnd)).toBe(quote);
    expect(ledger.slice(span?.sourceStart, span?.sourceEnd)).toBe(quote);
    expect(matcher.documentMeta(ids.ledger as string)?.title).toBe('ledger');
    await matcher.scanText(reply);
    expect(s.textReads).toEqual([ids.ledger]);
  });

  it.each([
    ['the ledger reply', replyLedger],
    ['the lighthouse reply', replyLighthouse],
    ['an original reply', replyOriginal],
    ['an empty reply', ''],
  ])('gives the same spans as a direct findSpans for %s', async (_name, reply) => {
    await seed();
    const matcher = createMatcher(store);
    const index = await store.loadIndex();
    const texts = new Map<string, string>();
    for (const d of await store.listDocuments())
      texts.set(d.id, (await store.getDocumentText(d.id)) as string);
    const expected = findSpans(index, reply, (id) => texts.get(id));
    expect(await matcher.scanText(reply)).toEqual(expected);
  });

  it('answers from the stored index after a restart, without re-indexing anything', async () => {
    await seed();
    const buildsBefore = (await store.getStats()).indexBuilds;
    store.close();
    const woken = await openLibraryStore('test');
    const matcher = createMatcher(woken);
    expect((await matcher.scanText(replyLedger)).spans.length).toBeGreaterThan(0);
    expect(matcher.stats().lastLoad).toEqual({ reused: 0, read: 3, rebuilt: 0, fromTable: 0 });
    expect((await woken.getStats()).indexBuilds).toBe(buildsBefore);
    woken.close();
  });

  it('uses the minimum span length from the settings', async () => {
    await seed();
    const short = 'It lived in a tin box under the floorboards of the counting room';
    expect((await createMatcher(store).scanText(`x ${short}. y`)).spans).toHaveLength(1);
    await store.setSettings({ minWords: 20 });
    expect((await createMatcher(store).scanText(`x ${short}. y`)).spans).toHaveLength(0);
  });
});

describe('streaming replies', () => {
  it('gives the same result at every step of a growing reply as a fresh scan, reading each text once', async () => {
    await seed();
    const s = watched(store);
    const matcher = createMatcher(s);
    const fresh = createMatcher(store);
    for (let end = 0; end <= replyLedger.length; end += 97) {
      const text = replyLedger.slice(0, end);
      expect(await matcher.scanReply('tab:1', text)).toEqual(await fresh.scanText(text));
    }
    expect(await matcher.scanReply('tab:1', replyLedger)).toEqual(
      await fresh.scanText(replyLedger),
    );
    expect(new Set(s.textReads).size).toBe(s.textReads.length);
    expect(matcher.stats().replies).toBe(1);
    matcher.forgetReply('tab:1');
    expect(matcher.stats().replies).toBe(0);
  });

  it('keeps replies apart', async () => {
    await seed();
    const matcher = createMatcher(store);
    const a = await matcher.scanReply('a', replyLedger);
    const b = await matcher.scanReply('b', replyLighthouse);
    expect(await matcher.scanReply('a', replyLedger)).toEqual(a);
    expect(a.spans.every((x) => x.docId === a.spans[0]?.docId)).toBe(true);
    expect(b.spans[0]?.docId).not.toBe(a.spans[0]?.docId);
  });

  it('drops the scanner of a reply idle for longer than the limit', async () => {
    await seed();
    let clock = 0;
    const matcher = createMatcher(store, { now: () => clock, idleReplyMs: 10 * 60_000 });
    await matcher.scanReply('old', 'some words');
    clock = 5 * 60_000;
    await matcher.scanReply('new', 'other words');
    clock = 12 * 60_000;
    await matcher.scanReply('new', 'other words again');
    expect(matcher.stats().replies).toBe(1);
  });
});

describe('reloading', () => {
  it('sees added and deleted documents after a reload, reading only what is new', async () => {
    const ids = await seed();
    const matcher = createMatcher(store);
    const reply = `Quoting: ${quote}. Nobody knew.`;
    expect((await matcher.scanReply('r', reply)).spans).toHaveLength(1);
    await store.deleteDocument(ids.ledger as string);
    expect((await matcher.scanReply('r', reply)).spans).toHaveLength(1);
    await matcher.reload();
    expect((await matcher.scanReply('r', reply)).spans).toHaveLength(0);
    expect(matcher.documentMeta(ids.ledger as string)).toBeUndefined();
    await store.restoreDocument(ids.ledger as string);
    await matcher.reload();
    expect(matcher.stats().lastLoad).toEqual({ reused: 2, read: 1, rebuilt: 0, fromTable: 0 });
    expect((await matcher.scanReply('r', reply)).spans).toHaveLength(1);
  });

  it('appends added documents to the live index, reading only them', async () => {
    const ids = await seed();
    const matcher = createMatcher(store);
    await matcher.scanReply('r', replyLedger.slice(0, 300));
    const fresh =
      'The cartographer folded her brass compass into a velvet pouch and walked north along the frozen canal toward the observatory';
    const { doc } = await store.addDocument({
      text: `Prologue. ${fresh}. Epilogue.`,
      title: 'new',
      format: 'txt',
    });
    await matcher.reload();
    expect(matcher.stats().lastLoad).toEqual({ reused: 3, read: 1, rebuilt: 0, fromTable: 0 });
    expect(matcher.stats().documents).toBe(4);
    const reply = `So: ${quote}. Then: ${fresh}. Nobody knew.`;
    const result = await matcher.scanReply('r', reply);
    expect(result).toEqual(await createMatcher(store).scanText(reply));
    expect(result.spans.map((x) => x.docId)).toEqual([ids.ledger, doc.id]);
  });

  it('finishes a scan correctly when the library reloads while texts are loading', async () => {
    await seed();
    const s = watched(store);
    const matcher = createMatcher(s);
    await matcher.reload();
    let open = (): void => undefined;
    s.gate = new Promise<void>((resolve) => (open = resolve));
    const scanning = matcher.scanReply('r', replyLedger);
    await new Promise((r) => setTimeout(r, 10));
    const added = await store.addDocument({
      text: 'An extra document with enough words to shift the document numbers of the index around.',
      title: 'x',
      format: 'txt',
    });
    const reloading = matcher.reload();
    await reloading;
    open();
    s.gate = undefined;
    const result = await scanning;
    expect(result.spans.length).toBeGreaterThan(0);
    expect(result).toEqual(await createMatcher(store).scanText(replyLedger));
    expect(result.spans.every((x) => x.docId !== added.doc.id)).toBe(true);
  });

  it('keeps cached text within its bound and still scans correctly', async () => {
    await seed();
    const matcher = createMatcher(store, { textCacheBytes: 1024 });
    const full = await createMatcher(store).scanText(replyLedger + '\n' + replyLighthouse);
    expect(await matcher.scanText(replyLedger + '\n' + replyLighthouse)).toEqual(full);
    expect(matcher.stats().cachedTextBytes).toBeLessThanOrEqual(
      Math.max(ledger.length, lighthouse.length) * 2,
    );
  });
});

/** A new store connection and matcher on the same database: what a woken worker has. */
async function wake(): Promise<{
  matcher: ReturnType<typeof createMatcher>;
  store: LibraryStore;
}> {
  const woken = await openLibraryStore('test');
  return { matcher: createMatcher(woken, { saveDelayMs: 0 }), store: woken };
}

describe('the saved lookup table', () => {
  it('is saved after the first scan, and a woken worker answers from it without reading records', async () => {
    await seed();
    const matcher = createMatcher(store);
    const expected = await matcher.scanText(replyLedger);
    await matcher.saveTable();
    expect(matcher.stats().tableSaves).toBe(1);
    const buildsBefore = (await store.getStats()).indexBuilds;
    const woken = await wake();
    expect(await woken.matcher.scanText(replyLedger)).toEqual(expected);
    expect(woken.matcher.stats().lastLoad).toEqual({
      reused: 0,
      read: 0,
      rebuilt: 0,
      fromTable: 3,
    });
    await woken.matcher.saveTable();
    expect(woken.matcher.stats().tableSaves).toBe(0);
    expect((await woken.store.getStats()).indexBuilds).toBe(buildsBefore);
    woken.store.close();
  });

  it('is saved on its own once the library stops changing', async () => {
    await seed();
    const matcher = createMatcher(store, { saveDelayMs: 1 });
    await matcher.reload();
    await vi.waitFor(() => expect(matcher.stats().tableSaves).toBe(1));
    const woken = await wake();
    await woken.matcher.scanText(replyLedger);
    expect(woken.matcher.stats().lastLoad.fromTable).toBe(3);
    woken.store.close();
  });

  it.each<[string, (ids: Record<string, string>) => Promise<unknown>]>([
    ['deleted', (ids) => store.deleteDocument(ids.ledger as string)],
    [
      'deleted and purged',
      async (ids) => (await store.deleteDocument(ids.ledger as string), store.purgeDeleted()),
    ],
    [
      'deleted and restored',
      async (ids) => (
        await store.deleteDocument(ids.ledger as string),
        store.restoreDocument(ids.ledger as string)
      ),
    ],
    [
      'added',
      () =>
        store.addDocument({
          text: `Prologue. ${quote}. The cartographer folded her brass compass into a velvet pouch and walked north along the frozen canal.`,
          title: 'new',
          format: 'txt',
        }),
    ],
  ])(
    'is never used stale: a document %s while the worker was stopped is seen on waking',
    async (_name, change) => {
      const ids = await seed();
      const before = createMatcher(store);
      await before.scanText(replyLedger);
      await before.saveTable();
      await change(ids);
      const woken = await wake();
      const reply = `${replyLedger}\nAnd: The cartographer folded her brass compass into a velvet pouch and walked north along the frozen canal.`;
      const answer = await woken.matcher.scanText(reply);
      // What a worker that never saw the table finds: every document read from its record.
      const fromRecords = createMatcher({
        ...woken.store,
        loadIndex: async (o) =>
          woken.store.loadIndex({
            ...o,
            only: o?.only ?? (await (o?.documents ?? woken.store.listDocuments())).map((d) => d.id),
          }),
        saveIndexTable: async () => false,
      });
      expect(answer).toEqual(await fromRecords.scanText(reply));
      const active = new Set((await woken.store.listDocuments()).map((d) => d.id));
      expect(answer.spans.every((x) => active.has(x.docId))).toBe(true);
      expect(answer.spans.some((x) => x.docId === ids.ledger)).toBe(
        active.has(ids.ledger as string),
      );
      woken.store.close();
    },
  );
});

describe('the saved lookup table after a change', () => {
  it('is updated after a change while awake, so the next wake sees the change', async () => {
    const ids = await seed();
    const matcher = createMatcher(store, { saveDelayMs: 0 });
    await matcher.scanText(replyLedger);
    await matcher.saveTable();
    await store.deleteDocument(ids.lighthouse as string);
    await store.deleteDocument(ids.orchard as string);
    await matcher.reload();
    expect((await matcher.scanText(replyLighthouse)).spans).toEqual([]);
    await matcher.saveTable();
    // Two of three documents removed: the table was merged, and saved again.
    expect(matcher.stats().tableSaves).toBe(2);
    const woken = await wake();
    expect((await woken.matcher.scanText(replyLighthouse)).spans).toEqual([]);
    expect(woken.matcher.stats().lastLoad).toEqual({
      reused: 0,
      read: 0,
      rebuilt: 0,
      fromTable: 1,
    });
    woken.store.close();
  });

  it('saves an addition while awake in the delta table, so the next wake reads no record', async () => {
    await seed();
    const matcher = createMatcher(store, { saveDelayMs: 0 });
    await matcher.scanText(replyLedger);
    await matcher.saveTable();
    const short = 'The harbour clock struck nine while the ferryman counted his silver twice over';
    const { doc } = await store.addDocument({ text: short, title: 'short', format: 'txt' });
    await matcher.reload();
    await matcher.saveTable();
    expect(matcher.stats().tableSaves).toBe(2);
    const woken = await wake();
    const found = await woken.matcher.scanText(`Then: ${short}.`);
    expect(found.spans.map((x) => x.docId)).toEqual([doc.id]);
    expect(woken.matcher.stats().lastLoad).toEqual({
      reused: 0,
      read: 0,
      rebuilt: 0,
      fromTable: 4,
    });
    woken.store.close();
  });

  it('keeps scanning when the table cannot be saved', async () => {
    await seed();
    const failing: MatcherStore = {
      ...watched(store),
      saveIndexTable: () => Promise.reject(new DOMException('full', 'QuotaExceededError')),
    };
    const matcher = createMatcher(failing, { saveDelayMs: 0 });
    const first = await matcher.scanText(replyLedger);
    await expect(matcher.saveTable()).rejects.toThrow('full');
    expect(await matcher.scanText(replyLedger)).toEqual(first);
    expect(first.spans.length).toBeGreaterThan(0);
  });
});
