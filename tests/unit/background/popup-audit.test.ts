import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditIdOf, createAuditRecorder } from '../../../src/background/audit-recorder';
import {
  createContentHandlers,
  type MessageSenderLike,
} from '../../../src/background/content-handlers';
import { createMatcher } from '../../../src/background/matcher';
import { nextMacrotask, ScanScheduler } from '../../../src/background/scan-scheduler';
import { SCAN_SLICE_CHARS } from '../../../src/background/scan-limits';
import { createPopupHandlers } from '../../../src/background/popup-handlers';
import { createReplyDetails } from '../../../src/background/reply-details';
import { createTabState } from '../../../src/background/tab-state';
import { withAudit } from '../../../src/background/with-audit';
import { openLibraryStore, type LibraryStore } from '../../../src/library/store/index';
import type { PopupReport } from '../../../src/shared/messages';

const LONG =
  'The tidewright measured each spring flood with a knotted rope of tarred hemp, calling out the fathoms to her apprentices while the gulls wheeled above the drowned salt marsh.';
const SHORT =
  'Crimson pippins ripened slowly beneath the crooked pear wall behind the vicarage garden at the end of summer.';
const NEAR_SOURCE =
  'For eleven years I have kept a ledger of small things: the price of a loaf, the first frost, the day the swifts leave, the name of the stranger who returned my glove on the number nine tram.';
const NEAR_REPLY =
  'For eleven years I have kept a ledger of small things: the price of bread, the first frost, the day the swifts leave, the name of the stranger who returned my glove on the number nine tram.';
const TAB: MessageSenderLike = { id: 'ext', url: 'https://chatgpt.com/c/1', tab: { id: 7 } };
const DAY = 86_400_000;

let store: LibraryStore;
let clock = Date.UTC(2026, 10, 27);

function setup() {
  let revision = 0;
  const details = createReplyDetails();
  const tabState = createTabState({ setBadgeText: () => undefined });
  const matcher = createMatcher(store);
  const recorder = createAuditRecorder(store, () => clock);
  const recorded: Promise<unknown>[] = [];
  const content = withAudit(
    createContentHandlers({
      tabState,
      scheduler: new ScanScheduler(details.wrap(matcher), {
        sliceChars: SCAN_SLICE_CHARS,
        nextTurn: nextMacrotask,
      }),
    }),
    {
      settings: () => store.getSettings(),
      details,
      replyText: (tabId, replyId, revision) => tabState.replyText(tabId, replyId, revision),
      admitAuditRecord: (tabId, replyId) => tabState.limitsOf(tabId).admitAuditRecord(replyId),
      record: (reply, settings) => {
        const p = recorder.record(reply, settings);
        recorded.push(p);
        return p;
      },
    },
  );
  const popup = createPopupHandlers({
    tabState,
    details,
    store,
    settings: () => store.getSettings(),
    scanText: (text) => matcher.scanText(text),
  });
  const send = async (replyId: string, text: string, isComplete = true) => {
    await content.pageOpened({ siteId: 'chatgpt', url: 'https://chatgpt.com/c/1' }, TAB);
    const result = await content.replyChanged(
      {
        siteId: 'chatgpt',
        replyId,
        revision: ++revision,
        change: { kind: 'whole', text },
        isComplete,
        url: 'https://chatgpt.com/c/1',
      },
      TAB,
    );
    // The audit write starts after the reply is answered.
    await new Promise((r) => setTimeout(r, 20));
    await Promise.all(recorded);
    return result;
  };
  /** Sends only what was appended to the reply's last text, as a streaming content script does. */
  const append = async (
    replyId: string,
    tail: string,
    base: { revision: number; length: number },
    isComplete = true,
  ) => {
    const result = await content.replyChanged(
      {
        siteId: 'chatgpt',
        replyId,
        revision: ++revision,
        change: {
          kind: 'tail',
          baseRevision: base.revision,
          baseLength: base.length,
          keep: base.length,
          tail,
        },
        isComplete,
        url: 'https://chatgpt.com/c/1',
      },
      TAB,
    );
    await new Promise((r) => setTimeout(r, 20));
    await Promise.all(recorded);
    return result;
  };
  const report = async (): Promise<PopupReport> => {
    const result = await popup.getPopupReport({ tabId: 7 }, undefined);
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  };
  return { send, append, report, content, revision: () => revision };
}

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  store = await openLibraryStore('popup-test', { now: () => clock });
  await store.addDocument({
    title: 'Almanac',
    author: 'Ines Marlowe',
    format: 'paste',
    text: `Chapter One\n\nThe fog came first. ${LONG} Nobody remembered a higher water.`,
  });
  await store.addDocument({
    title: 'Orchard Hours',
    format: 'paste',
    text: `Late summer brought wasps. ${SHORT} The gardener counted every branch.`,
  });
  await store.addDocument({
    title: 'Ledger',
    format: 'paste',
    text: `${NEAR_SOURCE} None of it is important.`,
  }); // Matched once merged into the posting pages, as an import's libraryChanged does.
  await store.mergePostings();
});
afterEach(() => store.close());

describe('the popup report', () => {
  it('has no page for a tab Recital never heard from, and counts the library', async () => {
    const { report } = setup();
    expect(await report()).toEqual({ libraryDocuments: 3, page: null, replies: [] });
  });

  it('lists a reply’s spans strongest first with source, place, context and copied words', async () => {
    const { send, report } = setup();
    const text = `Intro words here. ${SHORT} Then more. ${LONG} The end.`;
    await send('a-1', text);
    const r = await report();
    expect(r.page).toMatchObject({ siteId: 'chatgpt', isSiteEnabled: true });
    expect(r.replies).toHaveLength(1);
    const [first, second] = r.replies[0]?.spans ?? [];
    expect(first?.source?.title).toBe('Almanac');
    expect(second?.source?.title).toBe('Orchard Hours');
    expect(first?.score).toBeGreaterThan(second?.score ?? Infinity);
    expect(first?.source).toMatchObject({ author: 'Ines Marlowe', chapter: 'Chapter One' });
    expect(first?.source?.before).toContain('The fog came first.');
    expect(first?.source?.after).toContain('Nobody remembered');
    expect(first?.replyText).toBe(
      text.slice(text.indexOf('The tidewright'), text.indexOf('marsh') + 5),
    );
    expect(r.replies[0]?.coverage).toBeGreaterThan(0.5);
  });

  it('shows a near span’s edits as a word diff', async () => {
    const { send, report } = setup();
    await send('a-1', `Quoted: ${NEAR_REPLY}`);
    const span = (await report()).replies[0]?.spans[0];
    expect(span?.kind).toBe('near');
    expect(span?.diff).toContainEqual({ op: 'removed', text: 'a loaf,' });
    expect(span?.diff).toContainEqual({ op: 'added', text: 'bread,' });
  });

  it('orders replies by their strongest span and numbers them in page order', async () => {
    const { send, report, content } = setup();
    await send('a-1', `First reply. ${SHORT}`);
    await content.replyChanged(
      {
        siteId: 'chatgpt',
        replyId: 'a-2',
        revision: 100,
        change: { kind: 'whole', text: `Second reply. ${LONG}` },
        isComplete: true,
        url: 'https://chatgpt.com/c/1',
      },
      TAB,
    );
    expect((await report()).replies.map((x) => [x.replyId, x.position])).toEqual([
      ['a-2', 2],
      ['a-1', 1],
    ]);
  });

  it('says a site is switched off', async () => {
    const { send, report } = setup();
    await send('a-1', 'No copy here at all, just words.');
    await store.setSettings({ disabledSites: ['chatgpt'] });
    expect((await report()).page?.isSiteEnabled).toBe(false);
  });
});

describe('the audit log', () => {
  it('records a flagged reply once it completes, with its sources, and only once per text', async () => {
    const { send } = setup();
    const text = `Intro. ${LONG}`;
    await send('a-1', text, false);
    expect(await store.listAuditRecords()).toEqual([]);
    await send('a-1', text, true);
    await send('a-1', text, true);
    const records = await store.listAuditRecords();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      id: auditIdOf({ url: 'https://chatgpt.com/c/1', replyId: 'a-1', text }),
      siteId: 'chatgpt',
      url: 'https://chatgpt.com/c/1',
      replyText: text,
    });
    const span = records[0]?.spans[0];
    expect(span).toMatchObject({ title: 'Almanac', author: 'Ines Marlowe', kind: 'exact' });
    expect(text.slice(span?.replyStart, span?.replyEnd)).toBe(span?.replyExcerpt);
    expect(span?.sourceExcerpt).toBe(LONG.slice(0, -1));
  });

  it('records the whole text of a reply whose last words came as an appended tail', async () => {
    const { send, append, revision } = setup();
    const head = `Intro. ${LONG.slice(0, 80)}`;
    await send('a-1', head, false);
    await append('a-1', LONG.slice(80), { revision: revision(), length: head.length });
    const records = await store.listAuditRecords();
    expect(records.map((r) => r.replyText)).toEqual([`Intro. ${LONG}`]);
    expect(records[0]?.spans[0]?.replyExcerpt).toBe(LONG.slice(0, -1));
  });

  it('records nothing for a reply without spans or with the audit switched off', async () => {
    const { send } = setup();
    await send('a-1', 'Nothing copied in this reply, only original words.');
    await store.setSettings({ auditEnabled: false });
    await send('a-2', `Intro. ${LONG}`);
    expect(await store.listAuditRecords()).toEqual([]);
  });

  it('drops records older than the retention period when a new one is written', async () => {
    const { send } = setup();
    await store.setSettings({ auditRetentionDays: 30 });
    await send('a-1', `Old. ${LONG}`);
    clock += 31 * DAY;
    await send('a-2', `New. ${SHORT}`);
    expect((await store.listAuditRecords()).map((r) => r.replyId)).toEqual(['a-2']);
    await store.clearAudit();
    expect(await store.listAuditRecords()).toEqual([]);
  });
});
