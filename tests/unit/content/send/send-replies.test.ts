// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { startPageSession } from '../../../../src/content/page-session';
import { err, ok } from '../../../../src/shared/result';
import {
  addReply,
  changeOf,
  fakeBackground,
  frames,
  site,
  type ReplyChanged,
} from '../page-session-harness';

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
    expect(
      t.s
        .highlighter()
        .rangesOf('w1')
        .map((r) => r.toString()),
    ).toEqual(['keeper climbed']);
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
