import { describe, expect, it } from 'vitest';
import { createCheckSelection, CHECK_MENU_ID } from '../../../src/background/check-selection';
import { createUserSiteHandlers, isSiteEnabled } from '../../../src/background/user-site-handlers';
import { err, ok, type Result } from '../../../src/shared/result';
import type { UserSite } from '../../../src/shared/user-sites';

const ORIGIN = 'https://chat.example.test';
const TAB = { id: 'ext', url: `${ORIGIN}/c/1`, tab: { id: 7 } };

function setup(options: { granted?: boolean; pickResults?: Result<null>[] } = {}) {
  let sites: UserSite[] = [{ origin: 'https://other.test', replySelector: '.r' }];
  const calls: string[] = [];
  const pickResults = [...(options.pickResults ?? [ok(null)])];
  const handlers = createUserSiteHandlers({
    access: {
      hasPermission: async () => options.granted ?? true,
      enable: async (tabId, origin) => void calls.push(`enable ${tabId} ${origin}`),
      disable: async (origin) => void calls.push(`disable ${origin}`),
    },
    settings: async () => ({ userSites: sites }),
    saveUserSites: async (next) => {
      sites = next;
    },
    startPicking: async (tabId) => {
      calls.push(`pick ${tabId}`);
      return pickResults.shift() ?? ok(null);
    },
    wait: async () => undefined,
  });
  return { handlers, calls, sites: () => sites };
}

describe('user site handlers', () => {
  it('enable the site in the tab, then put its content script in pick mode', async () => {
    const s = setup();
    expect(await s.handlers.enableSite({ tabId: 7, origin: ORIGIN }, {})).toEqual(ok(null));
    expect(s.calls).toEqual([`enable 7 ${ORIGIN}`, 'pick 7']);
  });

  it('retry pick mode while the injected script is still loading, and give up on other errors', async () => {
    const loading = setup({
      pickResults: [err('unreachable', 'no listener'), err('unreachable', 'no listener'), ok(null)],
    });
    expect(await loading.handlers.enableSite({ tabId: 7, origin: ORIGIN }, {})).toEqual(ok(null));
    expect(loading.calls.filter((c) => c === 'pick 7')).toHaveLength(3);
    const broken = setup({ pickResults: [err('bad-payload', 'no')] });
    expect((await broken.handlers.enableSite({ tabId: 7, origin: ORIGIN }, {})).ok).toBe(false);
    expect(broken.calls.filter((c) => c === 'pick 7')).toHaveLength(1);
  });

  it.each([
    ['no permission', { granted: false }, { tabId: 7, origin: ORIGIN }, 'no-permission'],
    ['an origin with a path', {}, { tabId: 7, origin: `${ORIGIN}/c` }, 'bad-payload'],
    ['no tab id', {}, { origin: ORIGIN }, 'bad-payload'],
  ])('refuse to enable with %s', async (_name, options, payload, code) => {
    const s = setup(options);
    const result = await s.handlers.enableSite(payload as { tabId: number; origin: string }, {});
    expect(result).toMatchObject({ ok: false, error: { code } });
    expect(s.calls).toEqual([]);
  });

  it("save a picked selector for the page's own origin, replacing an earlier pick", async () => {
    const s = setup();
    await s.handlers.replyPicked({ origin: ORIGIN, replySelector: '.old', matchCount: 1 }, TAB);
    expect(
      await s.handlers.replyPicked(
        { origin: ORIGIN, replySelector: 'div[data-role="assistant"]', matchCount: 2 },
        TAB,
      ),
    ).toEqual(ok(null));
    expect(s.sites()).toEqual([
      { origin: 'https://other.test', replySelector: '.r' },
      { origin: ORIGIN, replySelector: 'div[data-role="assistant"]' },
    ]);
  });

  it.each([
    [
      'another origin than the sending page',
      { origin: 'https://other.test', replySelector: '.x', matchCount: 1 },
      {},
      'forbidden-sender',
    ],
    [
      'a selector with rule text',
      { origin: ORIGIN, replySelector: 'p{}', matchCount: 1 },
      {},
      'bad-payload',
    ],
    [
      'no permission',
      { origin: ORIGIN, replySelector: '.x', matchCount: 1 },
      { granted: false },
      'no-permission',
    ],
  ])('refuse a pick from %s', async (_name, payload, options, code) => {
    const s = setup(options);
    expect(await s.handlers.replyPicked(payload, TAB)).toMatchObject({
      ok: false,
      error: { code },
    });
    expect(s.sites()).toEqual([{ origin: 'https://other.test', replySelector: '.r' }]);
  });

  it('remove a site: settings entry first, then script and permission', async () => {
    const s = setup();
    expect(await s.handlers.removeSite({ origin: 'https://other.test' }, {})).toEqual(ok(null));
    expect(s.sites()).toEqual([]);
    expect(s.calls).toEqual(['disable https://other.test']);
  });
});

describe('which sites are scanned', () => {
  const settings = {
    disabledSites: ['claude'],
    userSites: [{ origin: 'https://chat.example.test:8443', replySelector: '.r' }],
  };
  it.each([
    ['chatgpt', true],
    ['claude', false],
    ['generic:chat.example.test:8443', true],
    ['generic:chat.example.test', false],
    ['generic:removed.test', false],
  ])('%s: %s', (siteId, expected) => {
    expect(isSiteEnabled(siteId, settings)).toBe(expected);
  });
});

describe('the "Check selected text" command', () => {
  it('stores the selection in session storage and opens the result page by id only', async () => {
    const stored: Record<string, unknown>[] = [];
    const opened: string[] = [];
    const check = createCheckSelection({
      setSession: async (items) => void stored.push(items),
      openPage: async (p) => void opened.push(p),
      newId: () => 'abc',
      now: () => 1000,
    });
    expect(
      await check({
        menuItemId: CHECK_MENU_ID,
        selectionText: 'Some “quoted” words',
        pageUrl: 'https://forum.test/t/1',
      }),
    ).toBe('abc');
    expect(stored).toEqual([
      {
        'recital-check:abc': {
          text: 'Some “quoted” words',
          pageUrl: 'https://forum.test/t/1',
          createdAt: 1000,
        },
      },
    ]);
    expect(opened).toEqual(['src/check/index.html?id=abc']);
  });

  it.each([
    ['another menu item', { menuItemId: 'other', selectionText: 'text' }],
    ['an empty selection', { menuItemId: CHECK_MENU_ID, selectionText: '  ' }],
    ['no selection', { menuItemId: CHECK_MENU_ID }],
  ])('ignores %s', async (_name, info) => {
    const opened: string[] = [];
    const check = createCheckSelection({
      setSession: async () => undefined,
      openPage: async (p) => void opened.push(p),
    });
    expect(await check(info)).toBeUndefined();
    expect(opened).toEqual([]);
  });
});
