// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { createContentHandlers } from '../../../src/content/content-handlers';
import { isSameConversation, startPageSession } from '../../../src/content/page-session';
import { createSessionSlot } from '../../../src/content/session-slot';
import { makeGenericSite } from '../../../src/sites/generic';
import type { ContentToBackground, Message, Send } from '../../../src/shared/messages';
import { err, ok, type Result } from '../../../src/shared/result';

const site = makeGenericSite('https://chat.example', '.reply');

interface Pending {
  message: Message<ContentToBackground>;
  resolve: (r: Result<unknown>) => void;
}

function fakeBackground() {
  const pending: Pending[] = [];
  const send = ((type, payload) =>
    new Promise((resolve) =>
      pending.push({
        message: { type, payload } as Message<ContentToBackground>,
        resolve: resolve as (r: Result<unknown>) => void,
      }),
    )) as Send<ContentToBackground>;
  return { pending, send };
}

type ReplyChanged = ContentToBackground['replyChanged']['request'];

function changeOf(pending: Pending | undefined): ReplyChanged['change'] | undefined {
  return (pending?.message.payload as ReplyChanged | undefined)?.change;
}

function frames() {
  let queue: (() => void)[] = [];
  return {
    requestFrame: (cb: () => void) => void queue.push(cb),
    async run() {
      await new Promise((r) => setTimeout(r, 0));
      const q = queue;
      queue = [];
      q.forEach((cb) => cb());
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

function addReply(text: string): HTMLElement {
  const el = document.createElement('div');
  el.className = 'reply';
  el.textContent = text;
  document.body.append(el);
  return el;
}

describe('a page session', () => {
  beforeEach(() => {
    document.body.replaceChildren();
    history.replaceState({}, '', '/chat/one');
  });

  it('sends the last words of a long streaming reply as soon as its stream ends, not after the pause between sends', async () => {
    const streamingSite = { ...site, streaming: { reply: ['[aria-busy="true"]'] } };
    const bg = fakeBackground();
    const f = frames();
    const el = addReply('word '.repeat(6000));
    el.setAttribute('aria-busy', 'true');
    const session = startPageSession({
      site: streamingSite,
      doc: document,
      openSend: () => bg.send,
      watcherOptions: { requestFrame: f.requestFrame, setTimer: () => undefined, now: () => 0 },
    });
    await f.run();
    const changes = () => bg.pending.filter((p) => p.message.type === 'replyChanged');
    // A streaming reply's text goes in the frame after the read.
    expect(changes()).toHaveLength(0);
    await f.run();
    expect(changes()).toHaveLength(1);
    changes()[0]?.resolve(ok({ status: 'scanned', spans: [] }));
    el.append('last words');
    await f.run();
    // The first request is answered and the reply still streams: the next text waits out the pause.
    expect(changes()).toHaveLength(1);
    el.removeAttribute('aria-busy');
    await f.run();
    expect(changes()).toHaveLength(2);
    expect(changeOf(changes()[1])).toMatchObject({ kind: 'tail', tail: 'last words' });
    session.stop();
  });

  it("sends a streaming reply's text in a frame of its own, after the frame that read it, and reads the page again a frame later", async () => {
    const streamingSite = { ...site, streaming: { reply: ['[aria-busy="true"]'] } };
    const bg = fakeBackground();
    const f = frames();
    const el = addReply('The keeper');
    el.setAttribute('aria-busy', 'true');
    const session = startPageSession({
      site: streamingSite,
      doc: document,
      openSend: () => bg.send,
      watcherOptions: { requestFrame: f.requestFrame, setTimer: () => undefined, now: () => 0 },
    });
    const changes = () => bg.pending.filter((p) => p.message.type === 'replyChanged');
    await f.run();
    expect(changes()).toHaveLength(0);
    // Text streamed after the read: the send's frame sends what was read, before any new read.
    el.append(' climbed');
    await f.run();
    expect(changes().map(changeOf)).toEqual([{ kind: 'whole', text: 'The keeper' }]);
    changes()[0]?.resolve(ok({ status: 'scanned', spans: [] }));
    el.removeAttribute('aria-busy');
    await f.run();
    // The next frame reads the new text; the stream has ended, so it goes at once.
    expect(changes().map(changeOf)).toEqual([
      { kind: 'whole', text: 'The keeper' },
      { kind: 'tail', baseRevision: 1, baseLength: 10, keep: 10, tail: ' climbed' },
    ]);
    session.stop();
  });

  it('announces the page, sends the reply, and paints the offsets that come back', async () => {
    const bg = fakeBackground();
    const f = frames();
    const el = addReply('The keeper climbed the steps every evening.');
    const session = startPageSession({
      site,
      doc: document,
      openSend: () => bg.send,
      watcherOptions: { requestFrame: f.requestFrame, setTimer: () => undefined, now: () => 0 },
    });
    await f.run();
    expect(bg.pending.map((p) => p.message.type)).toEqual([
      'pageOpened',
      'replyChanged',
      'pageScanned',
    ]);
    bg.pending[1]?.resolve(
      ok({
        status: 'scanned',
        spans: [{ spanId: 's', replyStart: 4, replyEnd: 18, kind: 'exact' }],
      }),
    );
    await f.run();
    expect([...el.querySelectorAll('mark.recital-exact')].map((m) => m.textContent)).toEqual([
      'keeper climbed',
    ]);
    session.stop();
    expect(el.querySelectorAll('mark')).toHaveLength(0);
  });

  it('keeps one request per reply in flight and sends only the newest text after it', async () => {
    const bg = fakeBackground();
    const f = frames();
    const el = addReply('One');
    startPageSession({
      site,
      doc: document,
      openSend: () => bg.send,
      watcherOptions: { requestFrame: f.requestFrame, setTimer: () => undefined, now: () => 0 },
    });
    await f.run();
    for (const text of ['One two', 'One two three', 'One two three four']) {
      el.textContent = text;
      await f.run();
    }
    const replies = () => bg.pending.filter((p) => p.message.type === 'replyChanged');
    expect(replies()).toHaveLength(1);
    replies()[0]?.resolve(ok({ status: 'scanned', spans: [] }));
    await f.run();
    expect(replies().map(changeOf)).toEqual([
      { kind: 'whole', text: 'One' },
      { kind: 'tail', baseRevision: 1, baseLength: 3, keep: 3, tail: ' two three four' },
    ]);
  });

  it('starts over after an in-app navigation: announces the new page and drops the old highlights', async () => {
    const bg = fakeBackground();
    const f = frames();
    const el = addReply('The keeper climbed the steps every evening.');
    startPageSession({
      site,
      doc: document,
      openSend: () => bg.send,
      urlPollMs: 5,
      watcherOptions: { requestFrame: f.requestFrame, setTimer: () => undefined, now: () => 0 },
    });
    await f.run();
    bg.pending[1]?.resolve(
      ok({
        status: 'scanned',
        spans: [{ spanId: 's', replyStart: 4, replyEnd: 18, kind: 'exact' }],
      }),
    );
    await f.run();
    expect(el.querySelectorAll('mark')).toHaveLength(1);
    history.pushState({}, '', '/chat/two');
    await new Promise((r) => setTimeout(r, 30));
    expect(el.querySelectorAll('mark')).toHaveLength(0);
    const opened = bg.pending
      .filter((p) => p.message.type === 'pageOpened')
      .map((p) => new URL((p.message.payload as { url: string }).url).pathname);
    expect(opened).toEqual(['/chat/one', '/chat/two']);
  });

  it('answers highlightSpan with found: false for a span it does not have', async () => {
    const bg = fakeBackground();
    const f = frames();
    addReply('Some reply text.');
    const session = startPageSession({
      site,
      doc: document,
      openSend: () => bg.send,
      watcherOptions: { requestFrame: f.requestFrame, setTimer: () => undefined, now: () => 0 },
    });
    await f.run();
    const handlers = createContentHandlers(() => session);
    expect(await handlers.highlightSpan({ replyId: 'w1', spanId: 'nope' }, undefined)).toEqual(
      ok({ found: false }),
    );
    expect((await handlers.highlightSpan({ replyId: '', spanId: 'x' }, undefined)).ok).toBe(false);
  });
});

describe("what a page session sends of a reply's text", () => {
  beforeEach(() => {
    document.body.replaceChildren();
    history.replaceState({}, '', '/chat/one');
  });

  function session(options: { urlPollMs?: number } = {}) {
    const bg = fakeBackground();
    const f = frames();
    const s = startPageSession({
      site,
      doc: document,
      openSend: () => bg.send,
      ...options,
      watcherOptions: { requestFrame: f.requestFrame, setTimer: () => undefined, now: () => 0 },
    });
    const changes = () => bg.pending.filter((p) => p.message.type === 'replyChanged');
    return { bg, f, s, changes, last: () => changes().at(-1) };
  }

  it('sends the whole text first, then only what was appended to the text the background answered', async () => {
    const t = session();
    const el = addReply('The keeper');
    await t.f.run();
    expect(changeOf(t.last())).toEqual({ kind: 'whole', text: 'The keeper' });
    t.last()?.resolve(ok({ status: 'scanned', spans: [] }));
    el.append(' climbed');
    await t.f.run();
    expect(changeOf(t.last())).toEqual({
      kind: 'tail',
      baseRevision: 1,
      baseLength: 10,
      keep: 10,
      tail: ' climbed',
    });
    t.last()?.resolve(ok({ status: 'scanned', spans: [] }));
    el.append(' the steps');
    await t.f.run();
    expect(changeOf(t.last())).toEqual({
      kind: 'tail',
      baseRevision: 2,
      baseLength: 18,
      keep: 18,
      tail: ' the steps',
    });
  });

  it.each([
    [
      'the end re-rendered',
      'The keeper **climb',
      'The keeper climbed',
      { kind: 'tail', baseRevision: 1, baseLength: 18, keep: 11, tail: 'climbed' },
    ],
    [
      'a regenerated reply',
      'The keeper climbed',
      'A lighthouse stood',
      { kind: 'whole', text: 'A lighthouse stood' },
    ],
  ] as const)(
    'sends the changed end after %s, the whole text when nothing is kept',
    async (_name, before, after, expected) => {
      const t = session();
      const el = addReply(before);
      await t.f.run();
      t.last()?.resolve(ok({ status: 'scanned', spans: [] }));
      el.textContent = after;
      await t.f.run();
      expect(changeOf(t.last())).toEqual(expected);
    },
  );

  it('sends the whole text at once when the background lost the text (its worker restarted), and paints the answer', async () => {
    const t = session();
    const el = addReply('The keeper');
    await t.f.run();
    t.last()?.resolve(ok({ status: 'scanned', spans: [] }));
    el.append(' climbed the steps');
    await t.f.run();
    expect(changeOf(t.last())?.kind).toBe('tail');
    t.last()?.resolve(ok({ status: 'needs-whole-text' }));
    await t.f.run();
    expect(changeOf(t.last())).toEqual({ kind: 'whole', text: 'The keeper climbed the steps' });
    t.last()?.resolve(
      ok({
        status: 'scanned',
        spans: [{ spanId: 's', replyStart: 4, replyEnd: 18, kind: 'exact' }],
      }),
    );
    await t.f.run();
    expect([...el.querySelectorAll('mark.recital-exact')].map((m) => m.textContent).join('')).toBe(
      'keeper climbed',
    );
    expect(t.changes()).toHaveLength(3);
  });

  it('sends the whole text after a request failed, since the background may not hold the last one', async () => {
    const t = session();
    const el = addReply('The keeper');
    await t.f.run();
    t.last()?.resolve(ok({ status: 'scanned', spans: [] }));
    el.append(' climbed');
    await t.f.run();
    t.last()?.resolve(err('unreachable', 'Could not establish connection.'));
    el.append(' the steps');
    await t.f.run();
    expect(changeOf(t.last())).toEqual({ kind: 'whole', text: 'The keeper climbed the steps' });
  });

  it('re-sends an unchanged reply as an empty tail on a rescan', async () => {
    const t = session();
    addReply('The keeper');
    await t.f.run();
    t.last()?.resolve(ok({ status: 'scanned', spans: [] }));
    await t.f.run();
    t.s.rescan();
    expect(changeOf(t.last())).toEqual({
      kind: 'tail',
      baseRevision: 1,
      baseLength: 10,
      keep: 10,
      tail: '',
    });
  });

  it('sends whole texts again after an in-app navigation, with revisions that keep growing', async () => {
    const t = session({ urlPollMs: 5 });
    const el = addReply('The keeper');
    await t.f.run();
    t.last()?.resolve(ok({ status: 'scanned', spans: [] }));
    history.pushState({}, '', '/chat/two');
    await new Promise((r) => setTimeout(r, 30));
    el.textContent = 'The keeper of the light';
    await t.f.run();
    await t.f.run();
    const payload = t.last()?.message.payload as ReplyChanged;
    expect(payload.change).toEqual({ kind: 'whole', text: 'The keeper of the light' });
    expect(payload.revision).toBeGreaterThan(1);
  });
});

describe("a page session's lifetime", () => {
  beforeEach(() => {
    document.body.replaceChildren();
    history.replaceState({}, '', '/chat/one');
  });

  const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const openedPaths = (bg: ReturnType<typeof fakeBackground>) =>
    bg.pending
      .filter((p) => p.message.type === 'pageOpened')
      .map((p) => new URL((p.message.payload as { url: string }).url).pathname);

  function start(bg: ReturnType<typeof fakeBackground>, f: ReturnType<typeof frames>) {
    return startPageSession({
      site,
      doc: document,
      openSend: () => bg.send,
      urlPollMs: 5,
      watcherOptions: { requestFrame: f.requestFrame, setTimer: () => undefined, now: () => 0 },
    });
  }

  it('sends no message after stop(), whatever the page and its URL do', async () => {
    const bg = fakeBackground();
    const f = frames();
    const el = addReply('The keeper');
    const session = start(bg, f);
    await f.run();
    const sentBefore = bg.pending.length;
    session.stop();
    el.append(' climbed the steps');
    addReply('Another reply');
    history.pushState({}, '', '/chat/two');
    window.dispatchEvent(new PopStateEvent('popstate'));
    await wait(30);
    await f.run();
    await f.run();
    expect(bg.pending.length).toBe(sentBefore);
  });

  it('does nothing on a navigation after stop(): no second pageOpened', async () => {
    const bg = fakeBackground();
    const f = frames();
    const session = start(bg, f);
    await f.run();
    session.stop();
    history.pushState({}, '', '/chat/two');
    window.dispatchEvent(new PopStateEvent('popstate'));
    await wait(30);
    expect(openedPaths(bg)).toEqual(['/chat/one']);
  });

  it('closes the channel it opened when stopped', () => {
    let channel: AbortSignal | undefined;
    const session = startPageSession({
      site,
      doc: document,
      openSend: (signal) => {
        channel = signal;
        return fakeBackground().send;
      },
    });
    expect(channel?.aborted).toBe(false);
    session.stop();
    expect(channel?.aborted).toBe(true);
  });

  it('leaves exactly one session watching the page after pick mode starts the picked site', async () => {
    const bg = fakeBackground();
    const f = frames();
    const slot = createSessionSlot((picked) =>
      startPageSession({
        site: picked,
        doc: document,
        openSend: () => bg.send,
        urlPollMs: 5,
        watcherOptions: { requestFrame: f.requestFrame, setTimer: () => undefined, now: () => 0 },
      }),
    );
    slot.start(site);
    await f.run();
    // What pick mode does once the background saved the picked selector.
    slot.start(makeGenericSite('https://chat.example', '.reply'));
    await f.run();
    history.pushState({}, '', '/chat/two');
    await wait(30);
    expect(openedPaths(bg)).toEqual(['/chat/one', '/chat/one', '/chat/two']);
    addReply('A new reply');
    await f.run();
    await f.run();
    const newReplies = bg.pending.filter(
      (p) =>
        p.message.type === 'replyChanged' &&
        (p.message.payload as ReplyChanged).change.kind === 'whole' &&
        ((p.message.payload as ReplyChanged).change as { text: string }).text === 'A new reply',
    );
    expect(newReplies).toHaveLength(1);
    slot.current()?.stop();
  });
});

describe('whether two URLs show the same conversation', () => {
  it.each([
    ['https://chatgpt.com/c/1', 'https://chatgpt.com/c/1', false, true],
    ['https://chatgpt.com/c/1', 'https://chatgpt.com/c/1#end', false, true],
    ['https://chatgpt.com/c/1', 'https://chatgpt.com/c/2', true, false],
    ['https://chatgpt.com/', 'https://chatgpt.com/c/new-id', true, true],
    ['https://chatgpt.com/', 'https://chatgpt.com/c/new-id', false, false],
    ['https://claude.ai/new', 'https://claude.ai/chat/uuid', true, true],
    ['https://chatgpt.com/', 'https://evil.example/c/1', true, false],
  ])('%s -> %s (streaming: %s) is the same: %s', (from, to, isStreaming, same) => {
    expect(isSameConversation(from, to, isStreaming)).toBe(same);
  });
});
