// Launches Debian's Chromium with the built extension and chatbot hosts mapped to a local HTTPS
// server (the approach of tests/e2e/harness.ts, which scripts may not import).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const DIST = path.join(ROOT, 'dist');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';

function selfSignedCert() {
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
  const cert = {
    key: fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'),
    cert: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8'),
  };
  fs.rmSync(dir, { recursive: true, force: true });
  return cert;
}

/**
 * @param {(url: URL) => { type?: string, body: string } | undefined} route answers every request to a mapped host
 * @param {{ hosts: string[], headless: boolean }} options
 */
export async function launchWithExtension(route, options) {
  if (!fs.existsSync(path.join(DIST, 'manifest.json')))
    throw new Error('dist/ is missing: run `npm run build` first');
  const server = https.createServer(selfSignedCert(), (req, res) => {
    const answer = route(new URL(req.url ?? '/', `https://${req.headers.host ?? 'localhost'}`));
    res.writeHead(answer ? 200 : 404, {
      'content-type': answer?.type ?? 'text/html; charset=utf-8',
    });
    res.end(answer ? answer.body : 'not found');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'recital-demo-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: options.headless,
    ignoreDefaultArgs: ['--disable-extensions'],
    ignoreHTTPSErrors: true,
    viewport: { width: 1280, height: 860 },
    args: [
      ...(options.headless ? ['--headless=new'] : []),
      `--disable-extensions-except=${DIST}`,
      `--load-extension=${DIST}`,
      `--host-resolver-rules=${options.hosts.map((h) => `MAP ${h} 127.0.0.1:${port}`).join(',')}`,
      '--ignore-certificate-errors',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      '--no-sandbox',
    ],
  });
  const worker =
    context.serviceWorkers()[0] ??
    (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    async serviceWorker() {
      return (
        context
          .serviceWorkers()
          .find((w) => w.url().startsWith(`chrome-extension://${extensionId}/`)) ??
        (await context.waitForEvent('serviceworker', { timeout: 15_000 }))
      );
    },
    async close() {
      await context.close().catch(() => undefined);
      await new Promise((resolve) => server.close(() => resolve(undefined)));
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
