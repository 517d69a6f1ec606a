/**
 * How the protocol's messages travel (the maps themselves are in messages.ts): the envelope, typed
 * handlers and their dispatch, the sender, and the content script's port. Imported through
 * messages.ts, which re-exports all of it.
 */
import type { Result } from './result';
import { err } from './result';

/** Any of the direction maps above. */
export type MessageMap = Record<string, { request: unknown; response: unknown }>;

/** A message on the wire. */
export type Message<M extends MessageMap, K extends keyof M = keyof M> = {
  type: K;
  payload: M[K]['request'];
};

/** A complete set of handlers for a direction: a missing handler does not compile. */
export type Handlers<M extends MessageMap, Sender = unknown> = {
  [K in keyof M]: (
    payload: M[K]['request'],
    sender: Sender,
  ) => Promise<Result<M[K]['response']>> | Result<M[K]['response']>;
};

/** Structural check of an incoming message's envelope; payloads are checked by each handler. */
function isMessage(value: unknown): value is { type: string; payload: unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { type?: unknown }).type === 'string' &&
    'payload' in value
  );
}

/**
 * Dispatches one incoming message to its handler. Unknown types and thrown errors become error
 * Results, never exceptions across the boundary.
 */
export async function dispatch<M extends MessageMap, Sender>(
  handlers: Handlers<M, Sender>,
  message: unknown,
  sender: Sender,
): Promise<Result<unknown>> {
  if (!isMessage(message)) return err('bad-message', 'Malformed message.');
  // Own properties only: `toString`, `constructor` or `__proto__` as a type must not reach
  // Object.prototype's functions.
  const handler = Object.hasOwn(handlers, message.type)
    ? (handlers as Record<string, unknown>)[message.type]
    : undefined;
  if (typeof handler !== 'function')
    return err('unknown-message', `Unknown message type ${message.type.slice(0, 64)}.`);
  try {
    return (await (handler as (p: unknown, s: Sender) => unknown)(
      message.payload,
      sender,
    )) as Result<unknown>;
  } catch (e) {
    return err('internal', e instanceof Error ? e.message : String(e));
  }
}

/** Structural check of a reply: anything else (undefined from a missing listener...) is not a Result. */
export function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { ok?: unknown; value?: unknown; error?: unknown };
  if (v.ok === true) return 'value' in v;
  if (v.ok !== false || typeof v.error !== 'object' || v.error === null) return false;
  const e = v.error as { code?: unknown; message?: unknown };
  return typeof e.code === 'string' && typeof e.message === 'string';
}

/** Sends one typed message of direction `M` and resolves with its Result, never rejects. */
export type Send<M extends MessageMap> = <K extends keyof M & string>(
  type: K,
  payload: M[K]['request'],
) => Promise<Result<M[K]['response']>>;

/**
 * Builds a typed sender over a transport (`browser.runtime.sendMessage`,
 * `(m) => browser.tabs.sendMessage(tabId, m)`, or createPortTransport in port-transport.ts). A rejected
 * transport (no listener, closed tab, worker restarting) and a malformed reply become error
 * Results.
 */
export function createSender<M extends MessageMap>(
  post: (message: Message<M>) => Promise<unknown>,
): Send<M> {
  return async (type, payload) => {
    try {
      const reply = await post({ type, payload } as Message<M>);
      if (isResult(reply)) return reply as Result<M[typeof type]['response']>;
      return err('bad-reply', `No valid reply to ${type}.`);
    } catch (e) {
      return err('unreachable', e instanceof Error ? e.message : String(e));
    }
  };
}

/** The part of a `runtime.Port` the port transport uses. */
export interface PortLike {
  postMessage(message: unknown): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
  disconnect?(): void;
}

/** The port a content script opens to the background for its {@link ContentToBackground} messages. */
export const CONTENT_PORT_NAME = 'recital-content';

export function isPortEnvelope(
  value: unknown,
): value is { id: number; message?: unknown; reply?: unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { id?: unknown }).id === 'number'
  );
}

/**
 * Answers the requests a createPortTransport (port-transport.ts) sends over `port`: each goes to `listener`
 * with the port's sender, and its Result goes back with the request's id.
 */
export function servePort<Sender>(
  port: PortLike & { sender?: Sender },
  listener: (message: unknown, sender: Sender | undefined) => Promise<Result<unknown>>,
): void {
  port.onMessage.addListener((data) => {
    if (!isPortEnvelope(data)) return;
    void listener(data.message, port.sender).then((reply) => {
      try {
        port.postMessage({ id: data.id, reply });
      } catch {
        // The page went away while the request ran: nobody is waiting for the answer.
      }
    });
  });
}

/**
 * Builds the function an `onMessage` listener returns: `accept` checks the sender first (a
 * rejected sender gets an error Result), then the message goes to its handler.
 */
export function handle<M extends MessageMap, Sender>(
  handlers: Handlers<M, Sender>,
  accept: (sender: Sender) => boolean = () => true,
): (message: unknown, sender: Sender) => Promise<Result<unknown>> {
  return async (message, sender) => {
    if (!accept(sender)) return err('forbidden-sender', 'Sender not allowed for this message.');
    return dispatch(handlers, message, sender);
  };
}
