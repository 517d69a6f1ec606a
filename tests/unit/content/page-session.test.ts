// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { createContentHandlers } from '../../../src/content/content-handlers';
import { isSameConversation, startPageSession } from '../../../src/content/page-session';
import { makeGenericSite } from '../../../src/content/sites/generic';
import type { ContentToBackground, Message, Send } from '../../../src/shared/messages';
import { ok, type Result } from '../../../src/shared/result';

const site = makeGenericSite('https://chat.example', '.reply');

interface Pending {
  message: Message<ContentToBackground>;
  resolve: (r: Result<unknown>) => void;
}

function fakeBackground() {
  const pending: Pending[] = [];
  const send = ((type, payload) => new Promise((resolve) => pending.push({ message: { type, payload } as Message<ContentToBackground>, resolve: resolve as (r: Result<unknown>) => void }))) as Send<ContentToBackground>;
  return { pending, send };
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
    const controller = new AbortController();
    startPageSession({ site: streamingSite, doc: document, send: bg.send, signal: controller.signal, watcherOptions: { requestFrame: f.requestFrame, setTimer: () => undefined, now: () => 0 } });
    await f.run();
    const changes = () => bg.pending.filter((p) => p.message.type === 'replyChanged');
    changes()[0]?.resolve(ok({ spans: [] }));
    el.append('last words');
    await f.run();
    // The first request is answered and the reply still streams: the next text waits out the pause.
    expect(changes()).toHaveLength(1);
    el.removeAttribute('aria-busy');
    await f.run();
    expect(changes()).toHaveLength(2);
    expect((changes()[1]?.message.payload as { text: string }).text.endsWith('last words')).toBe(true);
    controller.abort();
  });

  it('announces the page, sends the reply, and paints the offsets that come back', async () => {
    const bg = fakeBackground();
    const f = frames();
    const el = addReply('The keeper climbed the steps every evening.');
    const controller = new AbortController();
    startPageSession({ site, doc: document, send: bg.send, signal: controller.signal, watcherOptions: { requestFrame: f.requestFrame, setTimer: () => undefined, now: () => 0 } });
    await f.run();
    expect(bg.pending.map((p) => p.message.type)).toEqual(['pageOpened', 'replyChanged', 'pageScanned']);
    bg.pending[1]?.resolve(ok({ spans: [{ spanId: 's', replyStart: 4, replyEnd: 18, kind: 'exact' }] }));
    await f.run();
    expect([...el.querySelectorAll('mark.recital-exact')].map((m) => m.textContent)).toEqual(['keeper climbed']);
    controller.abort();
    expect(el.querySelectorAll('mark')).toHaveLength(0);
  });

  it('keeps one request per reply in flight and sends only the newest text after it', async () => {
    const bg = fakeBackground();
    const f = frames();
    const el = addReply('One');
    startPageSession({ site, doc: document, send: bg.send, signal: new AbortController().signal, watcherOptions: { requestFrame: f.requestFrame, setTimer: () => undefined, now: () => 0 } });
    await f.run();
    for (const text of ['One two', 'One two three', 'One two three four']) {
      el.textContent = text;
      await f.run();
    }
    const replies = () => bg.pending.filter((p) => p.message.type === 'replyChanged');
    expect(replies()).toHaveLength(1);
    replies()[0]?.resolve(ok({ spans: [] }));
    await f.run();
    expect(replies().map((p) => (p.message.payload as { text: string }).text)).toEqual(['One', 'One two three four']);
  });

  it('starts over after an in-app navigation: announces the new page and drops the old highlights', async () => {
    const bg = fakeBackground();
    const f = frames();
    const el = addReply('The keeper climbed the steps every evening.');
    startPageSession({ site, doc: document, send: bg.send, signal: new AbortController().signal, urlPollMs: 5, watcherOptions: { requestFrame: f.requestFrame, setTimer: () => undefined, now: () => 0 } });
    await f.run();
    bg.pending[1]?.resolve(ok({ spans: [{ spanId: 's', replyStart: 4, replyEnd: 18, kind: 'exact' }] }));
    await f.run();
    expect(el.querySelectorAll('mark')).toHaveLength(1);
    history.pushState({}, '', '/chat/two');
    await new Promise((r) => setTimeout(r, 30));
    expect(el.querySelectorAll('mark')).toHaveLength(0);
    const opened = bg.pending.filter((p) => p.message.type === 'pageOpened').map((p) => new URL((p.message.payload as { url: string }).url).pathname);
    expect(opened).toEqual(['/chat/one', '/chat/two']);
  });

  it('answers highlightSpan with found: false for a span it does not have', async () => {
    const bg = fakeBackground();
    const f = frames();
    addReply('Some reply text.');
    const session = startPageSession({ site, doc: document, send: bg.send, signal: new AbortController().signal, watcherOptions: { requestFrame: f.requestFrame, setTimer: () => undefined, now: () => 0 } });
    await f.run();
    const handlers = createContentHandlers(() => session);
    expect(await handlers.highlightSpan({ replyId: 'w1', spanId: 'nope' }, undefined)).toEqual(ok({ found: false }));
    expect((await handlers.highlightSpan({ replyId: '', spanId: 'x' }, undefined)).ok).toBe(false);
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
