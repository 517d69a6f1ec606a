// `npm run demo:store`: the store listing's images, made from the demo's live pages so they show
// the extension as it is built. Chrome Web Store and Edge Add-ons take 1280×800 screenshots and a
// 440×280 small promo tile; AMO takes any screenshot at 1280×800 too (docs/store.md).
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './extension-browser.mjs';

export const STORE_DIR = path.join(ROOT, 'docs/store');
const SIZE = { width: 1280, height: 800 };
const TILE = { width: 440, height: 280 };

const dataUrl = (png) => `data:image/png;base64,${Buffer.from(png).toString('base64')}`;

// Rendered from HTML written here (no page data), at its exact size.
async function render(context, size, html, file) {
  const page = await context.newPage();
  await page.setViewportSize(size);
  await page.setContent(html, { waitUntil: 'load' });
  await page.screenshot({ path: file });
  await page.close();
}

/** The chat page with the toolbar popup open over its top right corner, as a user sees them. */
function replyWithPopup(chatPng, popupPng) {
  return `<!doctype html><style>
    body { margin: 0; width: ${SIZE.width}px; height: ${SIZE.height}px; overflow: hidden;
      background: url(${dataUrl(chatPng)}) no-repeat; }
    img { position: absolute; top: 8px; right: 16px; max-height: ${SIZE.height - 24}px;
      border-radius: 8px; box-shadow: 0 8px 28px rgb(0 0 0 / 28%); }
  </style><img alt="" src="${dataUrl(popupPng)}">`;
}

function promoTile() {
  const icon = fs.readFileSync(path.join(ROOT, 'public/icons/icon-128.png'));
  return `<!doctype html><style>
    body { margin: 0; width: ${TILE.width}px; height: ${TILE.height}px; display: flex;
      align-items: center; gap: 24px; padding: 0 32px; box-sizing: border-box;
      background: #1f2a44; color: #fff; font-family: ui-sans-serif, system-ui, sans-serif; }
    h1 { margin: 0 0 10px; font-size: 40px; }
    p { margin: 0; font-size: 19px; line-height: 1.35; color: #f6d9a4; }
  </style><img alt="" width="112" height="112" src="${dataUrl(icon)}">
  <div><h1>Recital</h1><p>See when an AI chatbot recites your text word for word.</p></div>`;
}

/**
 * Writes the listing's images to docs/store/: the reply with its marks and the popup, the reply
 * alone, the library, the audit log (1280×800 each), and the promo tile. `popup` shows the
 * chat tab's report; `pageUrl` maps an extension path to its URL.
 */
export async function writeStoreImages({ context, chat, popup, pageUrl }) {
  fs.mkdirSync(STORE_DIR, { recursive: true });
  const out = (name) => path.join(STORE_DIR, name);
  await chat.setViewportSize(SIZE);
  await chat.bringToFront();
  await chat.waitForTimeout(500);
  const chatPng = await chat.screenshot();
  fs.writeFileSync(out('screenshot-2-reply.png'), chatPng);
  await popup.bringToFront();
  const popupPng = await popup.locator('.recital-popup').screenshot();
  await render(context, SIZE, replyWithPopup(chatPng, popupPng), out('screenshot-1-popup.png'));

  for (const [name, page, ready] of [
    ['screenshot-3-library.png', 'src/options/index.html', '#library tr[data-doc-id]'],
    ['screenshot-4-audit-log.png', 'src/audit/index.html', '.recital-audit-record'],
  ]) {
    const tab = await context.newPage();
    await tab.setViewportSize(SIZE);
    await tab.goto(pageUrl(page));
    await tab.locator(ready).first().waitFor({ timeout: 10_000 });
    await tab.waitForTimeout(300);
    await tab.screenshot({ path: out(name) });
    await tab.close();
  }
  await render(context, TILE, promoTile(), out('promo-tile-440x280.png'));
  return fs.readdirSync(STORE_DIR).filter((name) => name.endsWith('.png'));
}
