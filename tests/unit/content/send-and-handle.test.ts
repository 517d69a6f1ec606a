import { describe, expect, it } from 'vitest';
import {
  createSender,
  handle,
  isResult,
  servePort,
  type BackgroundToContent,
  type ContentToBackground,
  type Handlers,
  type PortLike,
} from '../../../src/shared/messages';
import { createPortTransport } from '../../../src/shared/port-transport';
import { err, ok, type Result } from '../../../src/shared/result';

describe('typed sending over a transport', () => {
  it('passes the message through and returns the Result the other side answered', async () => {
    const seen: unknown[] = [];
    const send = createSender<ContentToBackground>(async (m) => {
      seen.push(m);
      return ok(null);
    });
    expect(await send('pageScanned', { siteId: 'x', url: 'u', replyCount: 2 })).toEqual(ok(null));
    expect(seen).toEqual([
      { type: 'pageScanned', payload: { siteId: 'x', url: 'u', replyCount: 2 } },
    ]);
  });

  it.each([
    [
      'a rejected transport (no listener, tab closed)',
      () => Promise.reject(new Error('Could not establish connection')),
      'unreachable',
    ],
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
    paintSettingsChanged: () => ok(null),
  };

  it('refuses a sender the check rejects before any handler runs', async () => {
    const listener = handle(handlers, (sender) => sender.id === 'ours');
    const result = await listener(
      { type: 'highlightSpan', payload: { replyId: 'r', spanId: 's' } },
      { id: 'theirs' },
    );
    expect(result.ok === false && result.error.code).toBe('forbidden-sender');
    expect(
      await listener(
        { type: 'highlightSpan', payload: { replyId: 'r', spanId: 's' } },
        { id: 'ours' },
      ),
    ).toEqual(ok({ found: true }));
  });

  it('turns a throwing handler and an unknown type into error Results', async () => {
    const listener = handle(handlers);
    expect((await listener({ type: 'rescanRequested', payload: {} }, {})).ok).toBe(false);
    expect((await listener({ type: 'nope', payload: {} }, {})).ok).toBe(false);
  });
});

/** One end of a fake port pair: what it posted, and ways to deliver messages or a disconnect to it. */
function fakePort(sender?: { id: string }) {
  const posted: unknown[] = [];
  const onMessage: ((m: unknown) => void)[] = [];
  const onDisconnect: (() => void)[] = [];
  let isOpen = true;
  const port: PortLike & { sender?: { id: string } } = {
    sender,
    postMessage: (m) => {
      if (!isOpen) throw new Error('Attempting to use a disconnected port object');
      posted.push(m);
    },
    onMessage: { addListener: (l) => void onMessage.push(l) },
    onDisconnect: { addListener: (l) => void onDisconnect.push(l) },
  };
  return {
    port,
    posted,
    deliver: (m: unknown) => onMessage.forEach((l) => l(m)),
    disconnect: () => {
      isOpen = false;
      onDisconnect.forEach((l) => l());
    },
  };
}

describe('sending over a long-lived port', () => {
  function transport() {
    const ports: ReturnType<typeof fakePort>[] = [];
    const send = createSender<ContentToBackground>(
      createPortTransport(() => {
        const p = fakePort();
        ports.push(p);
        return p.port;
      }),
    );
    return { send, ports };
  }

  it('closes the port when its signal aborts: open requests fail, later ones fail without reconnecting', async () => {
    const controller = new AbortController();
    let closed = 0;
    let opened = 0;
    const send = createSender<ContentToBackground>(
      createPortTransport(() => {
        opened++;
        return { ...fakePort().port, disconnect: () => void closed++ };
      }, controller.signal),
    );
    const open = send('pageOpened', { siteId: 's', url: 'u' });
    controller.abort();
    expect((await open).ok).toBe(false);
    expect(closed).toBe(1);
    expect((await send('pageOpened', { siteId: 's', url: 'u' })).ok).toBe(false);
    expect(opened).toBe(1);
  });

  it('opens the port on the first message only and matches answers to requests by id, in any order', async () => {
    const { send, ports } = transport();
    expect(ports).toHaveLength(0);
    const first = send('pageOpened', { siteId: 's', url: 'u' });
    const second = send('pageScanned', { siteId: 's', url: 'u', replyCount: 1 });
    expect(ports).toHaveLength(1);
    const [a, b] = ports[0]?.posted as { id: number; message: unknown }[];
    expect(b?.message).toEqual({
      type: 'pageScanned',
      payload: { siteId: 's', url: 'u', replyCount: 1 },
    });
    ports[0]?.deliver({ id: b?.id, reply: ok('second') });
    ports[0]?.deliver({ id: 999, reply: ok('nobody asked') });
    ports[0]?.deliver('not an envelope');
    ports[0]?.deliver({ id: a?.id, reply: ok('first') });
    expect(await first).toEqual(ok('first'));
    expect(await second).toEqual(ok('second'));
  });

  it('fails the open requests when the port disconnects (the worker stopped) and connects again for the next message', async () => {
    const { send, ports } = transport();
    const pending = send('pageOpened', { siteId: 's', url: 'u' });
    ports[0]?.disconnect();
    const result = await pending;
    expect(result.ok === false && result.error.code).toBe('unreachable');
    const next = send('pageOpened', { siteId: 's', url: 'u' });
    expect(ports).toHaveLength(2);
    const { id } = ports[1]?.posted[0] as { id: number };
    ports[1]?.deliver({ id, reply: ok(null) });
    expect(await next).toEqual(ok(null));
  });

  it('turns an answer that is not a Result into an error Result', async () => {
    const { send, ports } = transport();
    const pending = send('pageOpened', { siteId: 's', url: 'u' });
    ports[0]?.deliver({ id: (ports[0]?.posted[0] as { id: number }).id, reply: { spans: [] } });
    const result = await pending;
    expect(result.ok === false && result.error.code).toBe('bad-reply');
  });
});

describe('answering a port', () => {
  it("passes each request with the port's sender to the listener and answers with the request's id", async () => {
    const p = fakePort({ id: 'ours' });
    const seen: unknown[] = [];
    servePort(p.port, async (message, sender): Promise<Result<unknown>> => {
      seen.push([message, sender]);
      return message === 'bad' ? err('bad-message', 'Malformed message.') : ok('done');
    });
    p.deliver({ id: 4, message: 'hello' });
    p.deliver({ id: 5, message: 'bad' });
    p.deliver('not an envelope');
    await new Promise((r) => setTimeout(r, 0));
    expect(seen).toEqual([
      ['hello', { id: 'ours' }],
      ['bad', { id: 'ours' }],
    ]);
    expect(p.posted).toEqual([
      { id: 4, reply: ok('done') },
      { id: 5, reply: err('bad-message', 'Malformed message.') },
    ]);
  });

  it('drops the answer quietly when the page went away during the request', async () => {
    const p = fakePort({ id: 'ours' });
    let finish: (r: Result<unknown>) => void = () => undefined;
    servePort(p.port, () => new Promise((resolve) => (finish = resolve)));
    p.deliver({ id: 1, message: 'slow' });
    p.disconnect();
    finish(ok(null));
    await new Promise((r) => setTimeout(r, 0));
    expect(p.posted).toEqual([]);
  });
});
