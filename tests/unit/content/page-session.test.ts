// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { createContentHandlers } from '../../../src/content/content-handlers';
import { isSameConversation, startPageSession } from '../../../src/content/page-session';
import { ok } from '../../../src/shared/result';
import {
  addReply,
  captureShadowRoots,
  changeOf,
  fakeBackground,
  frames,
  site,
} from './page-session-harness';

describe('a page session', () => {
  const shadows = captureShadowRoots();
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
    expect(
      session
        .highlighter()
        .rangesOf('w1')
        .map((r) => r.toString()),
    ).toEqual(['keeper climbed']);
    const overlay = shadows.roots()[0];
    expect(overlay?.querySelectorAll('.exact > div')).toHaveLength(1);
    // The page's own DOM is untouched: one host at the root's end, the marks behind it.
    expect(el.outerHTML).toBe(
      '<div class="reply">The keeper climbed the steps every evening.</div>',
    );
    session.stop();
    expect(session.highlighter().rangesOf('w1')).toEqual([]);
    expect(overlay?.querySelectorAll('.exact > div')).toHaveLength(0);
    expect(document.documentElement.lastElementChild).toBe(document.body);
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
    addReply('The keeper climbed the steps every evening.');
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
    const groups = () => shadows.roots()[0]?.querySelectorAll('.exact > div').length;
    expect(groups()).toBe(1);
    history.pushState({}, '', '/chat/two');
    await new Promise((r) => setTimeout(r, 30));
    expect(groups()).toBe(0);
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
