import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { findSpans } from '../../../src/core/index';
import { createMatcher } from '../../../src/background/matcher';
import { openLibraryStore, type LibraryStore } from '../../../src/library/store/index';
import {
  countStoreReads,
  fresh,
  fromRecords,
  ledger,
  lighthouse,
  quote,
  replyLedger,
  replyLighthouse,
  replyOriginal,
  seed as seedStore,
  watched,
} from './matcher-fixture';

let store: LibraryStore;

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  store = await openLibraryStore('test');
});

afterEach(() => {
  store.close();
  vi.restoreAllMocks();
});

const seed = (): Promise<Record<string, string>> => seedStore(store);

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

  it('warms up only while no scan was asked for, and finds the same spans after it', async () => {
    await seed();
    const reply = `Here is the passage: ${quote}. Nobody knew.`;
    const woken = createMatcher(store);
    await woken.prepare();
    expect(woken.warmUp()).toBe(true);
    const after = await woken.scanText(reply);
    expect(woken.warmUp()).toBe(false);
    const cold = createMatcher(store);
    const scanned = cold.scanText(reply);
    // A scan already on its way: a warm-up now would only delay it.
    expect(cold.warmUp()).toBe(false);
    expect(after.spans).toEqual((await scanned).spans);
    expect(after.spans).toHaveLength(1);
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

  it('answers from the stored pages after a restart, without re-indexing or merging anything', async () => {
    await seed();
    const expected = await fromRecords(store, replyLedger);
    const buildsBefore = (await store.getStats()).indexBuilds;
    store.close();
    const woken = await openLibraryStore('test');
    const matcher = createMatcher(woken);
    const answer = await matcher.scanText(replyLedger);
    expect(answer.spans.length).toBeGreaterThan(0);
    expect(answer).toEqual(expected);
    expect(matcher.stats()).toMatchObject({ documents: 3, unmerged: 0, merges: 0 });
    expect(matcher.stats().filterBytes).toBeGreaterThan(0);
    expect(matcher.stats().pageBytes).toBeGreaterThan(0);
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
  it('sees deleted and restored documents after a reload, a restored one without a merge', async () => {
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
    // A soft-deleted document's postings stay in the pages: it is matched again at once.
    expect(matcher.stats()).toMatchObject({ documents: 3, unmerged: 0, merges: 0 });
    expect((await matcher.scanReply('r', reply)).spans.map((x) => x.docId)).toEqual([ids.ledger]);
  });

  it('matches an added document once it is merged, reading only its record', async () => {
    const ids = await seed();
    const matcher = createMatcher(store, { mergeDelayMs: 3_600_000 });
    await matcher.scanReply('r', replyLedger.slice(0, 300));
    const { doc } = await store.addDocument({
      text: `Prologue. ${fresh}. Epilogue.`,
      title: 'new',
      format: 'txt',
    });
    const reply = `So: ${quote}. Then: ${fresh}. Nobody knew.`;
    await matcher.reload();
    expect(matcher.stats()).toMatchObject({ documents: 3, unmerged: 1 });
    expect((await matcher.scanReply('r', reply)).spans.map((x) => x.docId)).toEqual([ids.ledger]);
    const reads = countStoreReads();
    await matcher.mergeNow();
    expect(reads.filter((name) => name === 'index')).toHaveLength(1);
    expect(matcher.stats()).toMatchObject({ documents: 4, unmerged: 0, merges: 1 });
    const result = await matcher.scanReply('r', reply);
    expect(result).toEqual(await createMatcher(store).scanText(reply));
    expect(result).toEqual(await fromRecords(store, reply));
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
    const reloading = matcher.mergeNow();
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
