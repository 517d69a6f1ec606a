import { describe, expect, it } from 'vitest';
import { dispatch, handle, type Handlers } from '../../../src/shared/messages';
import { ok } from '../../../src/shared/result';

type Ping = { ping: { request: { n: number }; response: number } };

const handlers: Handlers<Ping> = { ping: (payload) => ok(payload.n + 1) };

describe('dispatching a message to its handler', () => {
  it('answers a message whose type has a handler', async () => {
    expect(await dispatch(handlers, { type: 'ping', payload: { n: 1 } }, {})).toEqual(ok(2));
  });

  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'])(
    'rejects %s as a message type: inherited properties are not handlers',
    async (type) => {
      const result = await dispatch(handlers, { type, payload: {} }, {});
      expect(result).toEqual({
        ok: false,
        error: { code: 'unknown-message', message: `Unknown message type ${type}.` },
      });
    },
  );

  it('rejects inherited types through handle() too', async () => {
    const onMessage = handle(handlers);
    const result = await onMessage({ type: 'constructor', payload: {} }, {});
    expect(result.ok === false && result.error.code).toBe('unknown-message');
  });

  it('keeps an error message short for a huge unknown type', async () => {
    const result = await dispatch(handlers, { type: 'x'.repeat(10_000), payload: {} }, {});
    expect(result.ok === false && result.error.message.length).toBeLessThan(100);
  });
});
