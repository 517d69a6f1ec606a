// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { startPageSession } from '../../../src/content/page-session';
import { createSessionSlot } from '../../../src/content/session-slot';
import { makeGenericSite } from '../../../src/sites/generic';
import { addReply, fakeBackground, frames, site, type ReplyChanged } from './page-session-harness';

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
