// End-to-end harness: the built extension (dist/) in Debian's headless Chromium, with chatbot
// hosts mapped to a local HTTPS server, so the manifest's real match patterns apply.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  chromium,
  type BrowserContext,
  type Page,
  type Request,
  type Worker,
} from 'playwright-core';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const DIST = path.join(ROOT, 'dist');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';

/** Every host of the manifest's content-script matches (wildcards dropped), mapped to localhost. */
export function manifestHosts(): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'manifest.json'), 'utf8')) as {
    content_scripts: { matches: string[] }[];
  };
  const hosts = new Set<string>();
  for (const cs of manifest.content_scripts) {
    for (const m of cs.matches) {
      const host = /^https?:\/\/(?:\*\.)?([^/]+)\//.exec(m)?.[1];
      if (host) hosts.add(host);
    }
  }
  return [...hosts];
}

/** A page the fixture server answers with; `body` may depend on the path. */
export type Route = (
  url: URL,
) => { status?: number; type?: string; body: string | Buffer } | undefined;

export interface Harness {
  context: BrowserContext;
  extensionId: string;
  /** Port of the local HTTPS server every mapped host resolves to. */
  port: number;
  /** Every request the browser made that did not go to the fixture server or the extension. */
  strayRequests: string[];
  serviceWorker(): Promise<Worker>;
  /** Opens an extension page, e.g. `src/popup/index.html`. */
  openExtensionPage(pagePath: string): Promise<Page>;
  /** Stops the extension's service worker through CDP, as Chrome does after 30 s idle. */
  stopServiceWorker(): Promise<void>;
  close(): Promise<void>;
}

let certCache: { key: string; cert: string } | undefined;

function selfSignedCert(): { key: string; cert: string } {
  if (certCache) return certCache;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recital-cert-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
      '-days',
      '30',
      '-subj',
      '/CN=localhost',
    ],
    { stdio: 'ignore' },
  );
  certCache = {
    key: fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'),
    cert: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8'),
  };
  // Read into memory: the folder is not needed any more (one was left per test file before).
  fs.rmSync(dir, { recursive: true, force: true });
  return certCache;
}

/** The local HTTPS server (self-signed) that answers every mapped host with `route`. */
export interface FixtureServer {
  port: number;
  close(): Promise<void>;
}

/** Starts the fixture server on a free port of 127.0.0.1; unanswered paths get 404. */
export async function serveFixtures(route: Route): Promise<FixtureServer> {
  const server = https.createServer(selfSignedCert(), (req, res) => {
    const url = new URL(req.url ?? '/', `https://${req.headers.host ?? 'localhost'}`);
    const answer = route(url);
    if (!answer) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(answer.status ?? 200, {
      'content-type': answer.type ?? 'text/html; charset=utf-8',
    });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A browser's proxied keep-alive sockets would hold the close open.
        server.closeAllConnections();
      }),
  };
}

/**
 * Launches Chromium with the built extension (`dist`, default dist/). `route` answers every
 * request to a mapped host (any path); unanswered paths get 404.
 */
export async function launch(
  route: Route,
  options: { hosts?: string[]; dist?: string } = {},
): Promise<Harness> {
  const dist = options.dist ?? DIST;
  if (!fs.existsSync(path.join(dist, 'manifest.json')))
    throw new Error(`${dist} is missing: run \`npm run build\` first`);
  const server = await serveFixtures(route);
  const { port } = server;
  const hosts = options.hosts ?? manifestHosts();
  const rules = hosts.map((h) => `MAP ${h} 127.0.0.1:${port}`).join(',');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'recital-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    ignoreDefaultArgs: ['--disable-extensions'],
    ignoreHTTPSErrors: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless=new',
      `--disable-extensions-except=${dist}`,
      `--load-extension=${dist}`,
      `--host-resolver-rules=${rules}`,
      '--ignore-certificate-errors',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      '--no-sandbox',
    ],
  });
  const strayRequests: string[] = [];
  const isLocal = (req: Request): boolean => {
    const url = new URL(req.url());
    if (
      url.protocol === 'chrome-extension:' ||
      url.protocol === 'data:' ||
      url.protocol === 'blob:' ||
      url.protocol === 'about:'
    )
      return true;
    return (
      hosts.includes(url.hostname) || url.hostname === '127.0.0.1' || url.hostname === 'localhost'
    );
  };
  context.on('request', (req) => {
    if (!isLocal(req)) strayRequests.push(req.url());
  });
  const firstWorker =
    context.serviceWorkers()[0] ??
    (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(firstWorker.url()).host;

  const serviceWorker = async (): Promise<Worker> => {
    const live = context
      .serviceWorkers()
      .find((w) => w.url().startsWith(`chrome-extension://${extensionId}/`));
    return live ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  };

  return {
    context,
    extensionId,
    port,
    strayRequests,
    serviceWorker,
    async openExtensionPage(pagePath: string): Promise<Page> {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${pagePath.replace(/^\//, '')}`);
      return page;
    },
    async stopServiceWorker(): Promise<void> {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/src/popup/index.html`);
      const cdp = await context.newCDPSession(page);
      const versions = new Map<string, { versionId: string; status: string; url: string }>();
      cdp.on(
        'ServiceWorker.workerVersionUpdated',
        (e: { versions: { versionId: string; runningStatus: string; scriptURL: string }[] }) => {
          for (const v of e.versions)
            versions.set(v.versionId, {
              versionId: v.versionId,
              status: v.runningStatus,
              url: v.scriptURL,
            });
        },
      );
      await cdp.send('ServiceWorker.enable');
      const deadline = Date.now() + 10_000;
      let target: { versionId: string } | undefined;
      while (!target && Date.now() < deadline) {
        target = [...versions.values()].find(
          (v) => v.url.startsWith(`chrome-extension://${extensionId}/`) && v.status === 'running',
        );
        if (!target) await new Promise((r) => setTimeout(r, 50));
      }
      if (!target) throw new Error('no running extension service worker to stop');
      await cdp.send('ServiceWorker.stopWorker', { versionId: target.versionId });
      while (Date.now() < deadline && versions.get(target.versionId)?.status !== 'stopped')
        await new Promise((r) => setTimeout(r, 50));
      await cdp.detach();
      await page.close();
    },
    async close(): Promise<void> {
      await context.close();
      await server.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The part of the extension global that tests call from inside pages. */
interface ExtensionGlobal {
  chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };
}

/** Sends a message to the background from an extension page, as the popup would. */
export async function sendFromPage<T = unknown>(
  page: Page,
  type: string,
  payload: unknown,
): Promise<T> {
  return page.evaluate(
    ([t, p]) =>
      (globalThis as unknown as ExtensionGlobal).chrome.runtime.sendMessage({
        type: t,
        payload: p,
      }),
    [type, payload] as const,
  ) as Promise<T>;
}
