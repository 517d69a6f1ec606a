import { isPortEnvelope, type PortLike } from './messages';

/**
 * A transport for `createSender` over one long-lived port, opened on first use. Buys: a port
 * message costs a streaming page about a fifth of `runtime.sendMessage`'s 0.4 ms
 * (tests/bench/content-cost.mjs). Replies are matched by request id. When the port disconnects
 * (worker stopped, back-forward cache) its open requests reject and the next message connects
 * again; when `signal` aborts, the port closes and every open and later request rejects.
 */
export function createPortTransport(
  connect: () => PortLike,
  signal?: AbortSignal,
): (message: unknown) => Promise<unknown> {
  type Waiting = { resolve: (reply: unknown) => void; reject: (e: Error) => void };
  type Connection = { port: PortLike; waiting: Map<number, Waiting> };
  let current: Connection | undefined;
  let nextId = 1;
  function close(connection: Connection, why: string): void {
    if (current === connection) current = undefined;
    for (const { reject } of connection.waiting.values()) reject(new Error(why));
    connection.waiting.clear();
  }

  function open(): Connection {
    const connection = { port: connect(), waiting: new Map() };
    connection.port.onMessage.addListener((data) => {
      if (!isPortEnvelope(data)) return;
      connection.waiting.get(data.id)?.resolve(data.reply);
      connection.waiting.delete(data.id);
    });
    connection.port.onDisconnect.addListener(() =>
      close(connection, 'The background disconnected.'),
    );
    return connection;
  }

  const ended = 'The page session ended.';
  function end(): void {
    current?.port.disconnect?.();
    if (current) close(current, ended);
  }
  signal?.addEventListener('abort', end, { once: true });

  return (message) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      if (signal?.aborted) return reject(new Error(ended));
      try {
        const connection = (current ??= open());
        connection.waiting.set(id, { resolve, reject });
        connection.port.postMessage({ id, message });
      } catch (e) {
        // A port that disconnected before its event arrived: the next message opens a new one.
        current?.waiting.delete(id);
        current = undefined;
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
}
