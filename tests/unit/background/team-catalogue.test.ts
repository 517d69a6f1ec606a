import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createContentHandlers,
  type MessageSenderLike,
} from '../../../src/background/content-handlers';
import { createMatcher } from '../../../src/background/matcher';
import { createPopupHandlers } from '../../../src/background/popup-handlers';
import { createReplyDetails } from '../../../src/background/reply-details';
import { nextMacrotask, ScanScheduler } from '../../../src/background/scan-scheduler';
import { createTabState } from '../../../src/background/tab-state';
import {
  createTeamReplyScans,
  MAX_TEAM_REQUESTS_PER_REPLY,
} from '../../../src/background/team-reply-scans';
import { openLibraryStore, type LibraryStore } from '../../../src/library/store/index';
import type { PopupReport, ReplySpan } from '../../../src/shared/messages';
import { scanTeamCatalogue, type TeamFetch } from '../../../src/shared/team-client';

const LOCAL =
  'The tidewright measured each spring flood with a knotted rope of tarred hemp, calling out the fathoms to her apprentices while the gulls wheeled above the drowned salt marsh.';
const TEAM_ONLY =
  'Crimson pippins ripened slowly beneath the crooked pear wall behind the vicarage garden at the end of summer.';
const TAB: MessageSenderLike = { id: 'ext', url: 'https://chatgpt.com/c/1', tab: { id: 7 } };
const SERVER = 'https://team.example.com/recital';
const TOKEN = 'secret-token-1';

let store: LibraryStore;

/** A stand-in service: answers each scan with the spans of `catalogue` found in the text. */
function fakeService(catalogue: string[], status = 200) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = vi.fn<TeamFetch>(async (url, init) => {
    calls.push({ url, init });
    const { text } = JSON.parse(String(init.body)) as { text: string };
    const matches = catalogue.flatMap((passage, i) => {
      const at = text.indexOf(passage);
      if (at < 0) return [];
      const words = passage.split(/\s+/).length;
      return [
        {
          replyStart: at,
          replyEnd: at + passage.length,
          source: `book-${i}`,
          sourceStart: 100,
          sourceEnd: 100 + passage.length,
          words,
          kind: 'exact',
          score: words * 2,
          title: `Team Book ${i}`,
          author: 'A. Colleague',
          excerpt: passage.slice(0, 40),
        },
      ];
    });
    return new Response(JSON.stringify({ matches }), { status });
  });
  return { fetch, calls };
}

function setup(fetch: TeamFetch) {
  let revision = 0;
  const details = createReplyDetails();
  const tabState = createTabState({ setBadgeText: () => undefined });
  const matcher = createMatcher(store);
  const team = createTeamReplyScans({
    settings: async () => (await store.getSettings()).teamCatalogue,
    scan: (settings, text) => scanTeamCatalogue(settings, text, { fetch, timeoutMs: 5000 }),
  });
  const content = createContentHandlers({
    tabState,
    scheduler: new ScanScheduler(details.wrap(matcher), {
      sliceChars: 4096,
      nextTurn: nextMacrotask,
    }),
    team: { ...team, keep: details.keepTeam },
  });
  void content.pageOpened({ siteId: 'chatgpt', url: 'https://chatgpt.com/c/1' }, TAB);
  const popup = createPopupHandlers({
    tabState,
    details,
    store,
    settings: () => store.getSettings(),
    scanText: (text) => matcher.scanText(text),
    teamProblem: () => team.problem(),
  });
  const send = async (replyId: string, text: string, isComplete: boolean) => {
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
    if (!result.ok || result.value.status !== 'scanned') throw new Error('not scanned');
    return result.value.spans;
  };
  /** A reply streamed word by word, then completed. */
  const stream = async (replyId: string, text: string): Promise<ReplySpan[]> => {
    const words = text.split(' ');
    for (let n = 1; n < words.length; n += 3)
      await send(replyId, words.slice(0, n).join(' '), false);
    return send(replyId, text, true);
  };
  const report = async (): Promise<PopupReport> => {
    const result = await popup.getPopupReport({ tabId: 7 }, undefined);
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  };
  return { content, send, stream, report };
}

const REPLY = `Here you go. ${LOCAL} And also: ${TEAM_ONLY} That is all.`;

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  store = await openLibraryStore('team-test');
  await store.addDocument({ title: 'Almanac', format: 'paste', text: `Fog. ${LOCAL} Water.` });
  await store.mergePostings();
});
afterEach(() => store.close());

const turnOn = () =>
  store.setSettings({ teamCatalogue: { enabled: true, url: SERVER, token: TOKEN } });

describe('the team catalogue in reply scans', () => {
  it('makes no request at all while the setting is off, and local matching works', async () => {
    // Configured, then turned off: the address and token are there, and still nothing is sent.
    await store.setSettings({ teamCatalogue: { enabled: false, url: SERVER, token: TOKEN } });
    const service = fakeService([TEAM_ONLY]);
    const globalFetch = vi.spyOn(globalThis, 'fetch');
    const { stream, report } = setup(service.fetch);
    const spans = await stream('a-1', REPLY);
    expect(spans).toHaveLength(1);
    expect(service.fetch).not.toHaveBeenCalled();
    expect(globalFetch).not.toHaveBeenCalled();
    expect((await report()).teamProblem).toBeUndefined();
    globalFetch.mockRestore();
  });

  it('sends a streamed reply once, when complete: its text and the token, to that server only', async () => {
    await turnOn();
    const service = fakeService([TEAM_ONLY]);
    const { stream } = setup(service.fetch);
    const spans = await stream('a-1', REPLY);
    expect(service.calls).toHaveLength(1);
    const [call] = service.calls;
    expect(call?.url).toBe(`${SERVER}/v1/scan`);
    expect(call?.init.method).toBe('POST');
    expect(new Headers(call?.init.headers).get('authorization')).toBe(`Bearer ${TOKEN}`);
    expect(JSON.parse(String(call?.init.body))).toEqual({ text: REPLY });
    expect(String(call?.init.body)).not.toContain('Fog.');
    const starts = spans.map((s) => s.replyStart);
    expect(starts).toEqual([REPLY.indexOf(LOCAL), REPLY.indexOf(TEAM_ONLY)]);
    expect(spans[1]?.replyEnd).toBe(REPLY.indexOf(TEAM_ONLY) + TEAM_ONLY.length);
    // The page learns offsets and a text-free id, nothing of the team's source.
    expect(JSON.stringify(spans)).not.toMatch(/Team Book|Colleague|book-/);
  });

  it('lists the team match in the popup with its source and the team label', async () => {
    await turnOn();
    const { stream, report } = setup(fakeService([TEAM_ONLY]).fetch);
    await stream('a-1', REPLY);
    const spans = (await report()).replies[0]?.spans ?? [];
    const team = spans.filter((s) => s.origin === 'team');
    expect(team).toHaveLength(1);
    expect(team[0]).toMatchObject({
      replyText: TEAM_ONLY,
      source: { title: 'Team Book 0', author: 'A. Colleague', passage: TEAM_ONLY.slice(0, 40) },
    });
    expect(spans.filter((s) => s.origin === undefined).map((s) => s.source?.title)).toEqual([
      'Almanac',
    ]);
  });

  it('shows a passage found both locally and by the team once, as the local match', async () => {
    await turnOn();
    const { stream, report } = setup(fakeService([LOCAL]).fetch);
    const spans = await stream('a-1', REPLY);
    expect(spans).toHaveLength(1);
    const listed = (await report()).replies[0]?.spans ?? [];
    expect(listed.map((s) => [s.source?.title, s.origin])).toEqual([['Almanac', undefined]]);
  });

  it('does not ask again for a reply re-sent with the same text (a rescan)', async () => {
    await turnOn();
    const service = fakeService([TEAM_ONLY]);
    const { send } = setup(service.fetch);
    await send('a-1', REPLY, true);
    const again = await send('a-1', REPLY, true);
    expect(service.calls).toHaveLength(1);
    expect(again).toHaveLength(2);
  });

  it('asks at most a few times about one reply rewritten again and again, then keeps local only', async () => {
    await turnOn();
    const service = fakeService([TEAM_ONLY]);
    const { send } = setup(service.fetch);
    for (let i = 0; i < MAX_TEAM_REQUESTS_PER_REPLY + 3; i++)
      await send('a-1', `Take ${i}. ${TEAM_ONLY}`, true);
    expect(service.calls).toHaveLength(MAX_TEAM_REQUESTS_PER_REPLY);
    // Another reply is asked about as usual.
    await send('a-2', REPLY, true);
    expect(service.calls).toHaveLength(MAX_TEAM_REQUESTS_PER_REPLY + 1);
  });

  it('asks about no streaming text, and keeps an earlier answer for the words it covers', async () => {
    await turnOn();
    const service = fakeService([TEAM_ONLY]);
    const { send } = setup(service.fetch);
    await send('a-1', REPLY, true);
    const grown = await send('a-1', `${REPLY} And one more sentence`, false);
    expect(service.calls).toHaveLength(1);
    expect(grown.map((s) => s.replyStart)).toEqual([
      REPLY.indexOf(LOCAL),
      REPLY.indexOf(TEAM_ONLY),
    ]);
  });

  it.each([
    [401, 'refused the token'],
    [429, 'busy'],
    [503, 'cannot reach its catalogue'],
  ])(
    'keeps the local match when the service answers %i, and the popup says why',
    async (status, why) => {
      await turnOn();
      const { stream, report } = setup(fakeService([TEAM_ONLY], status).fetch);
      const spans = await stream('a-1', REPLY);
      expect(spans.map((s) => s.replyStart)).toEqual([REPLY.indexOf(LOCAL)]);
      expect((await report()).teamProblem).toContain(why);
    },
  );

  it('keeps the local match when the service cannot be reached', async () => {
    await turnOn();
    const { stream, report } = setup(async () => Promise.reject(new TypeError('Failed to fetch')));
    const spans = await stream('a-1', REPLY);
    expect(spans).toHaveLength(1);
    expect((await report()).teamProblem).toContain('did not answer (Failed to fetch)');
  });
});
