/* global window, CSS, chrome -- these run inside the browser pages through playwright. */
// `npm run demo`: builds Recital, opens Chromium with it, adds the sample library from the
// welcome page, and streams a ChatGPT-like reply that quotes the samples. With a DISPLAY the
// browser stays open for you to try (Ctrl+C ends); without one it prints what Recital flagged
// and writes screenshots to docs/screenshots/.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { demoChatPage } from './demo-chat-page.mjs';
import { launchWithExtension, ROOT } from './extension-browser.mjs';

const SHOTS = path.join(ROOT, 'docs/screenshots');
const headless = !process.env.DISPLAY;

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
    url.pathname.startsWith('/c/') || url.pathname === '/' ? { body: demoChatPage() } : undefined,
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

  step('Opening a ChatGPT-like conversation at https://chatgpt.com/c/demo…');
  const chat = context.pages().find((p) => p.url() === 'about:blank') ?? (await context.newPage());
  await chat.goto('https://chatgpt.com/c/demo');
  await chat.bringToFront();
  await chat.waitForFunction(() => window.demoDone === true, undefined, { timeout: 30_000 });
  await chat.waitForFunction(
    () =>
      (CSS.highlights.get('recital-exact')?.size ?? 0) +
        (CSS.highlights.get('recital-near')?.size ?? 0) >=
      2,
    undefined,
    { timeout: 15_000 },
  );
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
  await popup.setViewportSize({ width: 460, height: 900 });
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
          `     from “${s.title}”${s.author ? ` by ${s.author}` : ''}, ${s.percent}% through, characters ${s.sourceStart}–${s.sourceEnd}`,
        );
    }
  }

  fs.mkdirSync(SHOTS, { recursive: true });
  await chat.bringToFront();
  await chat.screenshot({ path: path.join(SHOTS, 'demo-page.png') });
  await chat
    .locator('section[data-turn="assistant"]')
    .screenshot({ path: path.join(SHOTS, 'highlighted-reply.png') });
  await popup.bringToFront();
  await popup
    .locator('details')
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

  console.log(
    `\nScreenshots: ${['demo-page', 'highlighted-reply', 'popup', 'audit', 'settings', 'practice'].map((n) => `docs/screenshots/${n}.png`).join(', ')}`,
  );
  await shutdown(0);
} catch (e) {
  console.error(`The demo stopped: ${e instanceof Error ? e.message : String(e)}`);
  await shutdown(1);
}
