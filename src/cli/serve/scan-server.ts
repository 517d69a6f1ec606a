// The catalogue's HTTP service: POST /v1/scan and GET /v1/health. Stateless (every answer comes
// from the cluster; the scanner's cache holds immutable versions only), so any number of these
// can run behind a load balancer.
import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { CatalogueScan, CatalogueScanner } from '../catalogue/catalogue-scanner';
import { matchFields } from '../format-report';
import { RateLimiter } from './rate-limiter';

export interface ScanServerOptions {
  scanner: CatalogueScanner;
  token: string;
  /** Answers whether the cluster is reachable, for /v1/health. */
  ping: () => Promise<boolean>;
  /** Largest request body in bytes (413 beyond). Default 1 MiB. */
  maxBodyBytes?: number;
  /** A scan that takes longer answers 503. Default 20 s. */
  scanTimeoutMs?: number;
  /** Requests per second per client after a burst (429 beyond); 0: no limit. Defaults 20, 40. */
  perSecond?: number;
  burst?: number;
}

const EXCERPT_CHARS = 200;

type Respond = (status: number, body?: unknown) => void;

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** The matches of a scan as the service answers them. */
function matchesOf({ result, documents, textRanges }: CatalogueScan): unknown[] {
  return result.spans.map((s, i) => {
    const doc = documents.get(s.docId);
    const [from, to] = textRanges[i] as [number, number];
    let excerpt = (doc?.text.slice(from, Math.min(to, from + 2 * EXCERPT_CHARS)) ?? '')
      .replace(/\s+/g, ' ')
      .trim();
    if (excerpt.length > EXCERPT_CHARS) excerpt = `${excerpt.slice(0, EXCERPT_CHARS - 1)}…`;
    return { ...matchFields(s, doc), excerpt };
  });
}

/** Reads the body up to `limit` bytes; undefined when it is larger (the rest is not read). */
function readBody(request: http.IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > limit) return resolve(undefined);
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners('data');
        resolve(undefined);
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Creates (does not start) the service's HTTP server. */
export function createScanServer(options: ScanServerOptions): http.Server {
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  const scanTimeout = options.scanTimeoutMs ?? 20_000;
  const perSecond = options.perSecond ?? 20;
  const limiter = perSecond > 0 ? new RateLimiter(perSecond, options.burst ?? 40) : undefined;
  const expected = digest(options.token);
  // Digests of equal length, compared in constant time: the token's length leaks nothing either.
  const isAuthorized = (header: string | undefined): boolean =>
    header?.startsWith('Bearer ') === true &&
    timingSafeEqual(digest(header.slice('Bearer '.length)), expected);

  const scan = async (request: http.IncomingMessage, respond: Respond): Promise<void> => {
    const body = await readBody(request, maxBody);
    if (!body) return respond(413, { error: `the request is larger than ${maxBody} bytes` });
    let text: unknown;
    try {
      text = (JSON.parse(body.toString('utf8')) as { text?: unknown } | null)?.text;
    } catch {
      return respond(400, { error: 'the body is not JSON' });
    }
    if (typeof text !== 'string') return respond(400, { error: 'give {"text": "..."}' });
    const scanned = await withTimeout(options.scanner.scan(text), scanTimeout);
    if (scanned === 'timeout')
      return respond(503, { error: 'the catalogue did not answer in time' });
    respond(200, { matches: matchesOf(scanned) });
  };

  const server = http.createServer((request, response) => {
    const respond: Respond = (status, body) => {
      if (response.headersSent) return;
      const headers: http.OutgoingHttpHeaders = { 'cache-control': 'no-store' };
      if (body === undefined) {
        response.writeHead(status, headers).end();
        return;
      }
      headers['content-type'] = 'application/json; charset=utf-8';
      response.writeHead(status, headers).end(JSON.stringify(body));
      // A refused body is not read: close rather than wait for it.
      if (status === 413) request.destroy();
    };
    const route = `${request.method} ${request.url?.split('?')[0]}`;
    const client = request.socket.remoteAddress ?? 'unknown';
    if (limiter && !limiter.take(client))
      return respond(429, { error: 'too many requests; wait a moment' });
    if (route === 'GET /v1/health') {
      void options.ping().then(
        (ok) => respond(ok ? 200 : 503, { status: ok ? 'ok' : 'the catalogue is unreachable' }),
        () => respond(503, { status: 'the catalogue is unreachable' }),
      );
      return;
    }
    // Before anything else about the request is looked at, and with no body: nothing leaks.
    if (!isAuthorized(request.headers.authorization)) return respond(401);
    if (route !== 'POST /v1/scan')
      return respond(404, { error: 'POST /v1/scan or GET /v1/health' });
    scan(request, respond).catch((error: Error) =>
      respond(503, { error: `the catalogue did not answer: ${error.message}` }),
    );
  });
  server.requestTimeout = scanTimeout + 10_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 5_000;
  return server;
}
