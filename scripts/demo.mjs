/* global window, chrome -- these run inside the browser pages through playwright. */
// `npm run demo`: builds Recital, opens Chromium with it, adds the sample library from the
// welcome page, and streams a ChatGPT-like reply that quotes the samples. With a DISPLAY the
// browser stays open for you to try (Ctrl+C ends); without one it prints what Recital flagged
// and writes screenshots to docs/screenshots/. With --store (npm run demo:store) it runs headless
// and writes the store listing's images to docs/store/ instead (demo-store.mjs).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { demoChatPage } from './demo-chat-page.mjs';
import { writeStoreImages } from './demo-store.mjs';
import { PROBE_CHAT_PATH, probeChatPage, probeDemo } from './demo-probe.mjs';
import { launchWithExtension, ROOT } from './extension-browser.mjs';
import {
  cardInWorld,
  isolatedWorld,
  markCentreInWorld,
  marksInWorld,
} from '../tests/e2e/page-marks.mjs';

const SHOTS = path.join(ROOT, 'docs/screenshots');
const storeMode = process.argv.includes('--store');
const headless = storeMode || !process.env.DISPLAY;

function step(text) {
  console.log(`• ${text}`);
}

if (process.env.RECITAL_DEMO_SKIP_BUILD !== '1') {
  step('Building the extension (npm run build)…');
  const build = spawnSync('npm', ['run', 'build'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (build.status !== 0) {
    console.error('The build failed; see the errors above.');
    process.exit(1);
  }
}

step(`Starting Chromium ${headless ? 'headless (no DISPLAY)' : 'in a window'}…`);
const browser = await launchWithExtension(
  (url) =>
    url.pathname === PROBE_CHAT_PATH
      ? { body: probeChatPage() }
      : url.pathname.startsWith('/c/') || url.pathname === '/'
        ? { body: demoChatPage() }
        : undefined,
  {
    hosts: ['chatgpt.com'],
    headless,
  },
);
const { context, extensionId } = browser;
const pageUrl = (p) => `chrome-extension://${extensionId}/${p}`;

async function shutdown(code) {
  await browser.close();
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));

try {
  step('Adding the sample library from the welcome page…');
  // A fresh profile opens the welcome page on install; open it ourselves if that raced ahead.
  let welcome = context.pages().find((p) => p.url().includes('/src/welcome/'));
  welcome ??= await context
    .waitForEvent('page', { predicate: (p) => p.url().includes('/src/welcome/'), timeout: 5000 })
    .catch(() => undefined);
  if (!welcome) {
    welcome = await context.newPage();
    await welcome.goto(pageUrl('src/welcome/index.html'));
  }
  await welcome.getByRole('button', { name: 'Add the sample library' }).click();
  await welcome.getByText('The sample library is ready').waitFor({ timeout: 15_000 });

  if (headless) {
    fs.mkdirSync(SHOTS, { recursive: true });
    step('Probing the sample story in a chat (the demo clicks send, as you would)…');
    await probeDemo({ context, pageUrl, shots: SHOTS });
  }

  step('Opening a ChatGPT-like conversation at https://chatgpt.com/c/demo…');
  const chat = context.pages().find((p) => p.url() === 'about:blank') ?? (await context.newPage());
  await chat.goto('https://chatgpt.com/c/demo');
  await chat.bringToFront();
  await chat.waitForFunction(() => window.demoDone === true, undefined, { timeout: 30_000 });
  // The marks live in a closed shadow root: only the content script's world can count them.
  const world = await isolatedWorld(context, chat);
  const started = Date.now();
  const markCount = async () =>
    (await world.evaluate(marksInWorld, { kind: 'exact' })).length +
    (await world.evaluate(marksInWorld, { kind: 'near' })).length;
  while ((await markCount()) < 2) {
    if (Date.now() - started > 15_000) throw new Error('Recital marked nothing in the reply.');
    await chat.waitForTimeout(100);
  }
  await chat.waitForTimeout(800);

  const worker = await browser.serviceWorker();
  const tabId = await worker.evaluate(
    async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id,
  );

  if (!headless) {
    console.log(
      '\nRecital is running. Click the Recital button in the toolbar to see what it flagged.',
    );
    console.log('Close the window or press Ctrl+C to end the demo.');
    context.on('close', () => void shutdown(0));
    await new Promise(() => undefined);
  }

  const popup = await context.newPage();
  // Chrome's popup size limit: the screenshot shows what fits.
  await popup.setViewportSize({ width: 460, height: 600 });
  await popup.goto(pageUrl(`src/popup/index.html?tabId=${tabId}`));
  await popup.locator('.recital-span').first().waitFor({ timeout: 10_000 });
  const report = await popup.evaluate(
    (id) => chrome.runtime.sendMessage({ type: 'getPopupReport', payload: { tabId: id } }),
    tabId,
  );
  if (!report?.ok) throw new Error(`No report: ${JSON.stringify(report)}`);

  console.log('\nRecital flagged:');
  for (const reply of report.value.replies) {
    console.log(
      `  Reply ${reply.position}: ${reply.spans.length} passages, ${Math.round(reply.coverage * 100)}% of ${reply.words} words`,
    );
    for (const span of reply.spans) {
      const s = span.source;
      console.log(
        `   - ${span.kind.toUpperCase()}, ${span.words} words${span.kind === 'near' ? `, ${span.edits} edits` : ''}: “${span.replyText.trim()}”`,
      );
      if (s)
        console.log(
          `     from “${s.title}”${s.author ? ` by ${s.author}` : ''}, ${s.percent}% through the text`,
        );
    }
  }

  if (storeMode) {
    await popup
      .locator('details')
      .first()
      .evaluate((d) => d.setAttribute('open', ''));
    const written = await writeStoreImages({ context, chat, popup, pageUrl });
    console.log(`\nStore images: ${written.map((n) => `docs/store/${n}`).join(', ')}`);
    await shutdown(0);
  }

  fs.mkdirSync(SHOTS, { recursive: true });
  await chat.bringToFront();
  await chat.screenshot({ path: path.join(SHOTS, 'demo-page.png') });
  await chat
    .locator('section[data-turn="assistant"]')
    .screenshot({ path: path.join(SHOTS, 'highlighted-reply.png') });
  // The hover card: the pointer on a mark, the card drawn below it in the closed root.
  const centre = await world.evaluate(markCentreInWorld, { kind: 'exact' });
  if (!centre) throw new Error('No mark in view to hover.');
  await chat.mouse.move(centre.x, centre.y);
  let card = null;
  for (let i = 0; i < 50 && !card; i++) {
    await chat.waitForTimeout(100);
    card = await world.evaluate(cardInWorld, undefined);
  }
  if (!card) throw new Error('Hovering a mark showed no card.');
  const viewport = chat.viewportSize() ?? { width: 1280, height: 720 };
  const clipTop = Math.max(0, Math.min(centre.y, card.box.y) - 40);
  const clipLeft = Math.max(0, Math.min(centre.x, card.box.x) - 120);
  await chat.screenshot({
    path: path.join(SHOTS, 'hover-card.png'),
    clip: {
      x: clipLeft,
      y: clipTop,
      width: Math.min(viewport.width - clipLeft, card.box.x + card.box.width - clipLeft + 360),
      height: Math.min(viewport.height - clipTop, card.box.y + card.box.height - clipTop + 24),
    },
  });
  await chat.mouse.move(0, 0);
  await popup.bringToFront();
  await popup
    .locator('.recital-span__context')
    .first()
    .evaluate((d) => d.setAttribute('open', ''));
  await popup.locator('.recital-popup').screenshot({ path: path.join(SHOTS, 'popup.png') });

  const audit = await context.newPage();
  await audit.goto(pageUrl('src/audit/index.html'));
  await audit.locator('.recital-audit-record').first().waitFor({ timeout: 10_000 });
  await audit.screenshot({ path: path.join(SHOTS, 'audit.png'), fullPage: true });

  const settings = await context.newPage();
  await settings.goto(pageUrl('src/options/index.html#settings'));
  await settings.locator('#settings .recital-settings__grid').waitFor({ timeout: 10_000 });
  await settings.locator('#settings').screenshot({ path: path.join(SHOTS, 'settings.png') });

  // The first run's practice chat (the sample library is already there): ask, let it stream.
  const practice = await context.newPage();
  await practice.goto(pageUrl('src/practice/index.html'));
  await practice.getByRole('button', { name: 'Ask' }).click();
  await practice.getByRole('button', { name: 'Ask' }).waitFor({ timeout: 20_000 });
  // The marks paint in the frame after the last answer; give them that frame and a little more.
  await practice.waitForTimeout(800);
  await practice.screenshot({ path: path.join(SHOTS, 'practice.png') });

  // The library: sorted by title, one document chosen, so the bulk actions show.
  const library = await context.newPage();
  await library.setViewportSize({ width: 1200, height: 900 });
  await library.goto(pageUrl('src/options/index.html#library'));
  await library.locator('.recital-table tbody tr').first().waitFor({ timeout: 10_000 });
  await library.locator('thead button', { hasText: 'Title' }).click();
  await library.locator('.recital-table tbody input[type=checkbox]').first().check();
  await library.locator('#library').screenshot({ path: path.join(SHOTS, 'library.png') });

  // The document page, opened as a user would: the popup's "Open in library" on a copied span.
  await popup.bringToFront();
  const [documentPage] = await Promise.all([
    context.waitForEvent('page'),
    popup.getByRole('link', { name: 'Open in library' }).first().click(),
  ]);
  await documentPage.setViewportSize({ width: 1100, height: 800 });
  await documentPage.locator('mark.recital-doc__passage').first().waitFor({ timeout: 10_000 });
  await documentPage.getByLabel('Find in this text').fill('spoon');
  await documentPage.locator('mark.recital-doc__match--current').waitFor({ timeout: 10_000 });
  await documentPage.waitForTimeout(300);
  await documentPage.screenshot({ path: path.join(SHOTS, 'document.png') });

  console.log(
    `\nScreenshots: ${['demo-page', 'highlighted-reply', 'hover-card', 'popup', 'audit', 'settings', 'library', 'document', 'probe-report', 'practice'].map((n) => `docs/screenshots/${n}.png`).join(', ')}`,
  );
  await shutdown(0);
} catch (e) {
  console.error(`The demo stopped: ${e instanceof Error ? e.message : String(e)}`);
  await shutdown(1);
}
