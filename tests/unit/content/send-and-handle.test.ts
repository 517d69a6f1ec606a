import { describe, expect, it } from 'vitest';
import { createSender, handle, isResult, type BackgroundToContent, type ContentToBackground, type Handlers } from '../../../src/shared/messages';
import { ok } from '../../../src/shared/result';

describe('typed sending over a transport', () => {
  it('passes the message through and returns the Result the other side answered', async () => {
    const seen: unknown[] = [];
    const send = createSender<ContentToBackground>(async (m) => {
      seen.push(m);
      return ok(null);
    });
    expect(await send('pageScanned', { siteId: 'x', url: 'u', replyCount: 2 })).toEqual(ok(null));
    expect(seen).toEqual([{ type: 'pageScanned', payload: { siteId: 'x', url: 'u', replyCount: 2 } }]);
  });

  it.each([
    ['a rejected transport (no listener, tab closed)', () => Promise.reject(new Error('Could not establish connection')), 'unreachable'],
    ['no answer at all', () => Promise.resolve(undefined), 'bad-reply'],
    ['an answer that is not a Result', () => Promise.resolve({ spans: [] }), 'bad-reply'],
  ])('turns %s into an error Result', async (_name, post, code) => {
    const send = createSender<ContentToBackground>(post);
    const result = await send('pageOpened', { siteId: 'x', url: 'u' });
    expect(result.ok === false && result.error.code).toBe(code);
  });

  it.each([
    [ok(1), true],
    [{ ok: false, error: { code: 'c', message: 'm' } }, true],
    [{ ok: true }, false],
    [{ ok: false, error: 'nope' }, false],
    [null, false],
  ])('recognizes %j as a Result: %s', (value, expected) => {
    expect(isResult(value)).toBe(expected);
  });
});

describe('handling a direction', () => {
  const handlers: Handlers<BackgroundToContent, { id?: string }> = {
    highlightSpan: () => ok({ found: true }),
    rescanRequested: () => {
      throw new Error('boom');
    },
    pickReply: () => ok(null),
  };

  it('refuses a sender the check rejects before any handler runs', async () => {
    const listener = handle(handlers, (sender) => sender.id === 'ours');
    const result = await listener({ type: 'highlightSpan', payload: { replyId: 'r', spanId: 's' } }, { id: 'theirs' });
    expect(result.ok === false && result.error.code).toBe('forbidden-sender');
    expect(await listener({ type: 'highlightSpan', payload: { replyId: 'r', spanId: 's' } }, { id: 'ours' })).toEqual(ok({ found: true }));
  });

  it('turns a throwing handler and an unknown type into error Results', async () => {
    const listener = handle(handlers);
    expect((await listener({ type: 'rescanRequested', payload: {} }, {})).ok).toBe(false);
    expect((await listener({ type: 'nope', payload: {} }, {})).ok).toBe(false);
  });
});
