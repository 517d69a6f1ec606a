// The team catalogue end to end: a real Redis Cluster (scripts/redis-cluster.mjs) holding a book
// added with `recital catalogue add`, `recital serve` with a token file, the setting configured
// in the options page, and a reply on the ChatGPT stand-in quoting that book, which is not in
// the local library: painted in the page, listed in the popup with the "Team catalogue" label.
//
// Headless Chromium cannot click a permission prompt (any-site.e2e.test.ts), so this spec loads a
// copy of dist/ whose manifest grants http://127.0.0.1/* up front: `permissions.request` for the
// service's origin then resolves true at once. Not covered: the prompt itself.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clusterUnavailable,
  startTestCluster,
  type TestCluster,
} from '../unit/cli/catalogue/test-cluster';
import { DIST, launch, ROOT, type Harness } from './harness';
import { importDocuments, openOptionsPage, writeMarkdownFiles } from './import-library';
import { DOC_B, openPopup, tabIdOf } from './popup-fixture';
import { markTexts, streamReply, type LiveFixture } from './stream';

const CLI = path.join(ROOT, 'dist-cli/recital.js');
const TOKEN = 'e2e-team-token-0123456789abcdef';
const FIXTURE_DIR = path.join(ROOT, 'tests/fixtures/sites/chatgpt');
const CHAT_HTML = fs.readFileSync(path.join(FIXTURE_DIR, 'reply.html'), 'utf8');
const LIVE = (
  JSON.parse(fs.readFileSync(path.join(FIXTURE_DIR, 'expected.json'), 'utf8')) as {
    live: LiveFixture;
  }
).live;

const QUOTED =
  'The harbour clock had stopped at seventeen minutes past four on the night the schooner Marisol went down, and nobody in Pellow Cove would wind it again until the last of her crew came home.';
const BOOK = {
  title: 'The Harbour Clock',
  author: 'Wen Aldous',
  text: `Chapter One\n\nSalt had eaten the brass of every hinge in the village. ${QUOTED} The children dared each other to touch its cold glass face.\n\nChapter Two\n\nIn spring the herring returned and with them the buyers from the mainland.`,
};
const REPLY = [
  'Here is the opening of the novel you asked about, as I remember it.',
  `The story begins in the village. ${QUOTED}`,
  'I hope this helps; ask me if you want to know how the story ends.',
];

/** dist/ with the service's origin granted up front: headless cannot answer a prompt. */
function distWithLocalhostGranted(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recital-dist-team-'));
  fs.cpSync(DIST, dir, { recursive: true });
  const manifestPath = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as {
    host_permissions?: string[];
  };
  manifest.host_permissions = [...(manifest.host_permissions ?? []), 'http://127.0.0.1/*'];
  fs.writeFileSync(manifestPath, JSON.stringify(manifest));
  return dir;
}

/** Starts `recital serve` on a free port; resolves with its base URL once it listens. */
function serve(redis: string, tokenFile: string): Promise<{ base: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '--redis', redis, '--port', '0', '--token-file', tokenFile],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8');
      const base = /serving the catalogue on (http:\/\/[\d.]+:\d+)\//.exec(err)?.[1];
      if (base) resolve({ base, child });
    });
    child.once('exit', (code) => reject(new Error(`recital serve exited ${code}: ${err}`)));
  });
}

const unavailable = clusterUnavailable();

describe.skipIf(unavailable)('the team catalogue in the extension', () => {
  let cluster: TestCluster;
  let server: ChildProcess | undefined;
  let base = '';
  let h: Harness;
  // Folders this file makes (the book and token, the extension's copy), removed at the end.
  const made: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
    cluster = await startTestCluster();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recital-team-book-'));
    made.push(dir);
    const [bookPath] = writeMarkdownFiles([BOOK], dir);
    execFileSync(
      process.execPath,
      [CLI, 'catalogue', 'add', '--redis', cluster.url, bookPath ?? ''],
      {
        stdio: 'pipe',
      },
    );
    const tokenFile = path.join(dir, 'token');
    fs.writeFileSync(tokenFile, `${TOKEN}\n`);
    const started = await serve(cluster.url, tokenFile);
    server = started.child;
    base = started.base;
    const dist = distWithLocalhostGranted();
    made.push(dist);
    h = await launch((url) => (url.pathname.startsWith('/c/') ? { body: CHAT_HTML } : undefined), {
      dist,
    });
    // A local library without the book: only the team catalogue can find the quote.
    await importDocuments(h, [DOC_B]);
  }, 120_000);

  afterAll(async () => {
    await h?.close();
    server?.kill('SIGTERM');
    await cluster?.stop();
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  async function configure(options: Page, token: string): Promise<void> {
    await options.locator('#s-team-url').fill(base);
    await options.locator('#s-team-token').fill(token);
  }

  it('tests the connection: a wrong token is named, the right one connects', async () => {
    const options = await openOptionsPage(h);
    await configure(options, 'not-the-token');
    await options.getByRole('button', { name: 'Test connection' }).click();
    await expect
      .poll(() => options.locator('.recital-settings__group').last().innerText())
      .toContain('refused the token (401)');
    await configure(options, TOKEN);
    await options.getByRole('button', { name: 'Test connection' }).click();
    await expect
      .poll(() => options.locator('.recital-settings__group').last().innerText())
      .toContain('Connected');
    await options.close();
  });

  it('paints a streamed reply quoting a catalogue book and lists it with the team label', async () => {
    const options = await openOptionsPage(h);
    await configure(options, TOKEN);
    await options.getByLabel('Check replies against the team catalogue').check();
    await expect
      .poll(() => options.getByText('Saved. Open chat tabs are updated.').count())
      .toBe(1);
    await options.close();

    const chat = await h.context.newPage();
    await chat.goto('https://chatgpt.com/c/team');
    await chat.waitForLoadState('load');
    await streamReply(chat, { live: LIVE, paragraphs: REPLY, durationMs: 800 });
    await chat.evaluate(() =>
      [...document.querySelectorAll('[data-recital-new-reply]')].at(-1)?.scrollIntoView(),
    );
    const quote = QUOTED.replace(/[.!?]$/, '');
    // The book has "in the village." before the quote too: the match runs from there.
    await expect
      .poll(async () => (await markTexts(chat, 'exact')).some((t) => t?.endsWith(quote)), {
        timeout: 20_000,
      })
      .toBe(true);
    // The page's own scripts see none of it: the book's other words never reach the page.
    expect(await chat.content()).not.toContain('Salt had eaten');

    const popup = await openPopup(h, await tabIdOf(h, chat));
    await expect
      .poll(() => popup.locator('.recital-span__origin').allTextContents())
      .toEqual(['Team catalogue']);
    const card = popup.locator('.recital-span', { has: popup.locator('.recital-span__origin') });
    expect(await card.locator('cite').textContent()).toBe(BOOK.title);
    expect(await card.innerText()).toContain(BOOK.author);
    expect(await popup.getByText('Team catalogue unreachable').count()).toBe(0);
    await popup.close();
    await chat.close();
  });

  it('keeps local matching when the service is gone, and the popup says so in one line', async () => {
    server?.kill('SIGTERM');
    await new Promise((resolve) => server?.once('exit', resolve));
    const chat = await h.context.newPage();
    await chat.goto('https://chatgpt.com/c/team-gone');
    await chat.waitForLoadState('load');
    await streamReply(chat, {
      live: LIVE,
      paragraphs: [`A line from the orchard book. ${DOC_B.text}`, 'And the harbour clock again.'],
      durationMs: 600,
    });
    const popup = await openPopup(h, await tabIdOf(h, chat));
    await expect
      .poll(async () => {
        await popup.reload();
        return popup.getByText(/^Team catalogue unreachable: .*did not answer/).count();
      })
      .toBe(1);
    expect(await popup.locator('.recital-span cite').allTextContents()).toContain(DOC_B.title);
    await popup.close();
    await chat.close();
  });
});
