import fs from 'node:fs';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCatalogueCommand } from '../../../../src/cli/catalogue/catalogue-command';
import { CatalogueScanner } from '../../../../src/cli/catalogue/catalogue-scanner';
import { connectCatalogue, type CatalogueClient } from '../../../../src/cli/catalogue/connect';
import { createScanServer } from '../../../../src/cli/serve/scan-server';
import { clusterUnavailable, startTestCluster, type TestCluster } from './test-cluster';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const TOKEN = 'a-team-token-of-enough-length-1234';
const unavailable = clusterUnavailable();

let cluster: TestCluster;
let redis: CatalogueClient;
const servers: http.Server[] = [];

async function listen(options: Partial<Parameters<typeof createScanServer>[0]> = {}) {
  const server = createScanServer({
    scanner: new CatalogueScanner(redis),
    token: TOKEN,
    ping: async () => (await redis.ping()) === 'PONG',
    ...options,
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const scanRequest = (body: string, token: string | null = TOKEN): RequestInit => ({
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    ...(token !== null && { authorization: `Bearer ${token}` }),
  },
  body,
});

describe.skipIf(unavailable)('recital serve', () => {
  let base = '';
  const reply = fs.readFileSync(path.join(ROOT, 'samples/replies/reply-lighthouse.txt'), 'utf8');

  beforeAll(async () => {
    cluster = await startTestCluster();
    const status = await runCatalogueCommand(
      {
        command: 'catalogue',
        action: 'add',
        redis: cluster.url,
        paths: [path.join(ROOT, 'samples/library')],
        json: false,
      },
      { warn: () => undefined, progress: () => undefined, out: () => undefined },
    );
    expect(status).toBe(0);
    redis = await connectCatalogue(cluster.url);
    base = await listen();
  }, 60_000);

  afterAll(async () => {
    for (const server of servers) server.close();
    redis?.disconnect();
    await cluster?.stop();
  }, 30_000);

  it('answers a scan with the scanner fields, title, author and a short excerpt', async () => {
    const response = await fetch(`${base}/v1/scan`, scanRequest(JSON.stringify({ text: reply })));
    expect(response.status).toBe(200);
    const { matches } = (await response.json()) as { matches: Record<string, unknown>[] };
    const direct = await new CatalogueScanner(redis).scan(reply);
    expect(
      matches.map((m) => [m.replyStart, m.replyEnd, m.source, m.sourceStart, m.sourceEnd]),
    ).toEqual(
      direct.result.spans.map((s) => [
        s.replyStart,
        s.replyEnd,
        s.docId,
        s.sourceStart,
        s.sourceEnd,
      ]),
    );
    expect(matches.length).toBeGreaterThan(0);
    for (const m of matches) {
      expect(Object.keys(m)).toEqual(
        expect.arrayContaining(['words', 'kind', 'score', 'title', 'author', 'excerpt']),
      );
      const excerpt = m.excerpt as string;
      expect(excerpt.length).toBeGreaterThan(20);
      expect(excerpt.length).toBeLessThanOrEqual(200);
      // The excerpt is the start of the source's copied words.
      const source = fs.readFileSync(
        path.join(ROOT, 'samples/library', m.source as string),
        'utf8',
      );
      const copied = source.slice(m.sourceStart as number, m.sourceEnd as number);
      expect(copied.replace(/\s+/g, ' ')).toContain(excerpt.replace(/…$/, ''));
    }
  });

  it.each([
    ['no token', null],
    ['a wrong token', 'a-team-token-of-enough-length-1235'],
    ['a token of another length', 'short'],
  ])('answers %s with 401 and nothing else', async (_, token) => {
    const response = await fetch(
      `${base}/v1/scan`,
      scanRequest(JSON.stringify({ text: reply }), token),
    );
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('');
  });

  it('refuses a body over the size limit with 413 and bad JSON with 400', async () => {
    const small = await listen({ maxBodyBytes: 1000 });
    const big = await fetch(
      `${small}/v1/scan`,
      scanRequest(JSON.stringify({ text: 'x'.repeat(5000) })),
    );
    expect(big.status).toBe(413);
    const bad = await fetch(`${base}/v1/scan`, scanRequest('{"text": '));
    expect(bad.status).toBe(400);
    const wrong = await fetch(`${base}/v1/scan`, scanRequest('{"words": "x"}'));
    expect(wrong.status).toBe(400);
  });

  it('limits the requests of one client with 429', async () => {
    const limited = await listen({ perSecond: 0.001, burst: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await fetch(`${limited}/v1/scan`, scanRequest('{"text": "hello"}'))).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  it('says it is healthy while the cluster answers', async () => {
    const response = await fetch(`${base}/v1/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});
