import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditRecorder } from '../../../src/background/audit-recorder';
import {
  createContentHandlers,
  type MessageSenderLike,
} from '../../../src/background/content-handlers';
import { createMatcher } from '../../../src/background/matcher';
import { createPopupHandlers } from '../../../src/background/popup-handlers';
import { createReplyDetails } from '../../../src/background/reply-details';
import {
  MAX_AUDIT_RECORDS_PER_PAGE,
  MAX_AUDIT_REPLY_CHARS,
  MAX_REPLIES_PER_PAGE,
  MAX_SCANNED_REPLY_CHARS,
  MAX_SPANS_PER_REPLY,
  SCAN_SLICE_CHARS,
} from '../../../src/background/scan-limits';
import { nextMacrotask, ScanScheduler } from '../../../src/background/scan-scheduler';
import { createTabState } from '../../../src/background/tab-state';
import { withAudit } from '../../../src/background/with-audit';
import { openLibraryStore, type LibraryStore } from '../../../src/library/store/index';
import type { PageNote, ReplySpan } from '../../../src/shared/messages';
import { pageNoteText } from '../../../src/popup/page-notes';

const QUOTE =
  'The tidewright measured each spring flood with a knotted rope of tarred hemp, calling out the fathoms to her apprentices while the gulls wheeled above the drowned salt marsh.';
const URL = 'https://chatgpt.com/c/1';
const TAB: MessageSenderLike = { id: 'ext', url: URL, tab: { id: 7 } };
/** Own words, no library passage: filler for long replies. */
const FILLER = 'Some words of my own about weather and boats and other things. ';

let store: LibraryStore;

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  store = await openLibraryStore('budget-test');
  await store.addDocument({
    title: 'Almanac',
    format: 'paste',
    text: `Chapter One\n\nThe fog came first. ${QUOTE} Nobody remembered a higher water.`,
  }); // Matched once merged into the posting pages, as an import's libraryChanged does.
  await store.mergePostings();
});

afterEach(() => store.close());

function setup() {
  let revision = 0;
  const details = createReplyDetails();
  const tabState = createTabState({ setBadgeText: () => undefined });
  const matcher = createMatcher(store);
  const recorder = createAuditRecorder(store);
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
      replyText: tabState.replyText,
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
  const open = () => content.pageOpened({ siteId: 'chatgpt', url: URL }, TAB);
  const send = async (replyId: string, text: string): Promise<ReplySpan[]> => {
    const result = await content.replyChanged(
      {
        siteId: 'chatgpt',
        replyId,
        revision: ++revision,
        change: { kind: 'whole', text },
        isComplete: true,
        url: URL,
      },
      TAB,
    );
    if (!result.ok || result.value.status !== 'scanned') throw new Error('not scanned');
    return result.value.spans;
  };
  const settle = async () => {
    await new Promise((r) => setTimeout(r, 20));
    await Promise.all(recorded);
  };
  const notes = async (): Promise<PageNote[]> => {
    const result = await popup.getPopupReport({ tabId: 7 }, undefined);
    if (!result.ok) throw new Error(result.error.message);
    return result.value.page?.notes ?? [];
  };
  return { open, send, settle, notes };
}

describe('the limits of one page', () => {
  it('writes at most the per-page number of audit records for 2,000 quoting replies, and says so', async () => {
    const s = setup();
    await s.open();
    for (let i = 0; i < 2000; i++) await s.send(`r-${i}`, `Reply ${i}: ${QUOTE}`);
    await s.settle();
    expect(await store.listAuditRecords()).toHaveLength(MAX_AUDIT_RECORDS_PER_PAGE);
    const notes = await s.notes();
    expect(notes).toContainEqual({
      kind: 'replies-capped',
      limit: MAX_REPLIES_PER_PAGE,
      count: 2000 - MAX_REPLIES_PER_PAGE,
    });
    expect(notes).toContainEqual({
      kind: 'audit-capped',
      limit: MAX_AUDIT_RECORDS_PER_PAGE,
      count: MAX_REPLIES_PER_PAGE - MAX_AUDIT_RECORDS_PER_PAGE,
    });
    expect(notes.map(pageNoteText)).toContain(
      'Recital stopped checking new replies on this page after 500 replies (1,500 replies not checked). Reload the page to check more.',
    );
  });

  it('still checks the replies it already checked once the reply limit is reached', async () => {
    const s = setup();
    await s.open();
    for (let i = 0; i < MAX_REPLIES_PER_PAGE; i++) await s.send(`r-${i}`, 'Nothing quoted.');
    expect(await s.send('r-0', QUOTE)).toHaveLength(1);
    expect(await s.send('r-new', QUOTE)).toEqual([]);
    expect((await s.notes()).map((n) => n.kind)).toEqual(['replies-capped']);
  });

  it('starts a new page with fresh limits', async () => {
    const s = setup();
    await s.open();
    for (let i = 0; i <= MAX_REPLIES_PER_PAGE; i++) await s.send(`r-${i}`, 'Nothing quoted.');
    expect(await s.notes()).toHaveLength(1);
    await s.open();
    expect(await s.notes()).toEqual([]);
    expect(await s.send('r-new', QUOTE)).toHaveLength(1);
  });

  it('checks an over-long reply up to the stated limit, says so, and records only its start', async () => {
    const s = setup();
    await s.open();
    const head = `${QUOTE} `;
    const body = FILLER.repeat(Math.ceil(MAX_SCANNED_REPLY_CHARS / FILLER.length));
    // A second quote after the checked part, which is therefore not found.
    const text = `${head}${body.slice(0, MAX_SCANNED_REPLY_CHARS - head.length)}${QUOTE}`;
    const spans = await s.send('long', text);
    expect(spans.map((span) => span.replyStart)).toEqual([0]);
    const notes = await s.notes();
    expect(notes).toEqual([{ kind: 'reply-cut', limit: MAX_SCANNED_REPLY_CHARS, count: 1 }]);
    expect(pageNoteText(notes[0] as PageNote)).toBe(
      'A reply is longer than Recital checks (1,000,000 characters); only its first part was checked.',
    );
    await s.settle();
    const [record] = await store.listAuditRecords();
    expect(record?.replyText).toHaveLength(MAX_AUDIT_REPLY_CHARS);
    expect(record?.replyLength).toBe(text.length);
    expect(record?.spans[0]?.replyExcerpt).toBe(QUOTE.slice(0, -1));
  });

  it('sends the page at most the per-reply number of spans, and says so', async () => {
    const s = setup();
    await s.open();
    const spans = await s.send('many', `${QUOTE} Again: `.repeat(MAX_SPANS_PER_REPLY + 20));
    expect(spans).toHaveLength(MAX_SPANS_PER_REPLY);
    expect(await s.notes()).toEqual([
      { kind: 'spans-capped', limit: MAX_SPANS_PER_REPLY, count: 1 },
    ]);
  });
});
