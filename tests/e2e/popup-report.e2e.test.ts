// The popup, the audit log and the settings as a user meets them: the built extension, the
// ChatGPT fixture at https://chatgpt.com, two library documents and a reply copying both.
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './harness';
import {
  DOC_A,
  DOC_B,
  LONG,
  openChat,
  openPopup,
  seedDocuments,
  SHORT,
  streamCopyingReply,
  tabIdOf,
  launchChat,
} from './popup-fixture';
import { markColors, markTexts } from './stream';

const strip = (s: string): string => s.replace(/[.!?]$/, '');

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const t = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (quoted) {
      if (c === '"' && t[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && t[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

async function spanTitles(popup: Page): Promise<string[]> {
  return popup.locator('.recital-span cite').allTextContents();
}

describe('the popup lists what a reply copied, and the audit log keeps it', () => {
  let h: Harness;
  let chat: Page;
  let chatTab: number;

  beforeAll(async () => {
    h = await launchChat();
  });
  afterAll(async () => h?.close());

  it('offers the sample library while the library is empty', async () => {
    const page = await openChat(h, '/c/plain');
    const popup = await openPopup(h, await tabIdOf(h, page));
    await expect
      .poll(() => popup.getByRole('heading', { name: 'Your library is empty' }).count())
      .toBe(1);
    expect(await popup.getByRole('button', { name: 'Add the sample library' }).count()).toBe(1);
    await popup.close();
    await page.close();
  });

  it('says so plainly on a page it does not check, a page without replies and a reply that copies nothing', async () => {
    await seedDocuments(h);
    const other = await h.openExtensionPage('src/options/index.html');
    let popup = await openPopup(h, await tabIdOf(h, other));
    await expect
      .poll(() => popup.getByRole('heading', { name: 'Recital does not check this page' }).count())
      .toBe(1);
    expect(await popup.getByRole('button', { name: 'Open settings' }).count()).toBe(1);
    await popup.close();
    await other.close();

    const empty = await openChat(h, '/c/empty');
    popup = await openPopup(h, await tabIdOf(h, empty));
    await expect
      .poll(
        () => popup.getByRole('heading', { name: 'No chatbot replies on this page yet' }).count(),
        { timeout: 8000 },
      )
      .toBe(1);
    await popup.close();
    await empty.close();

    const plain = await openChat(h, '/c/plain');
    popup = await openPopup(h, await tabIdOf(h, plain));
    await expect
      .poll(
        () => popup.getByRole('heading', { name: 'Nothing copied from your library' }).count(),
        { timeout: 8000 },
      )
      .toBe(1);
    expect(await popup.locator('main').textContent()).toMatch(/checked 1 reply on this page/);
    await popup.close();
    await plain.close();
  });

  it('lists both copied passages, strongest first, with their sources and context', async () => {
    chat = await openChat(h, '/c/copy');
    await streamCopyingReply(chat);
    await expect
      .poll(() => markTexts(chat, 'exact'), { timeout: 8000 })
      .toEqual([strip(LONG), strip(SHORT)]);
    chatTab = await tabIdOf(h, chat);
    const popup = await openPopup(h, chatTab);
    await expect.poll(() => popup.locator('.recital-span').count()).toBe(2);
    expect(await spanTitles(popup)).toEqual([DOC_A.title, DOC_B.title]);
    const [first, second] = await popup.locator('.recital-span').all();
    expect(await first?.locator('.recital-span__quote').textContent()).toContain(strip(LONG));
    expect(await first?.textContent()).toContain('by Ines Marlowe');
    expect(await first?.textContent()).toContain('Chapter One');
    expect(await first?.locator('.recital-kind').textContent()).toBe('Exact');
    expect(await second?.textContent()).toContain('by Tomas Reyne');
    const context = await first?.locator('blockquote').textContent();
    expect(context).toContain('The fog came before the boats');
    expect(context).toContain('Nobody in the village remembered');
    expect(await popup.locator('.recital-reply__summary').textContent()).toMatch(
      /2 passages · \d+% of its \d+ words copied/,
    );
    await h.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await first?.getByRole('button', { name: 'Copy citation' }).click();
    await expect.poll(() => first?.locator('[role=status]').textContent()).toBe('Citation copied.');
    const citation = await popup.evaluate(() => navigator.clipboard.readText());
    expect(citation).toContain(strip(LONG));
    expect(citation).toMatch(
      /Ines Marlowe, The Tidewright’s Almanac \(Chapter One, [\d.]+% through the text, characters \d+–\d+\)/,
    );
    expect(citation).toContain('by ChatGPT at https://chatgpt.com/c/copy');
    await popup.close();
  });

  it('scrolls the page to a passage and flashes it when the passage is clicked', async () => {
    await chat.evaluate(() => window.scrollTo(0, 0));
    const popup = await openPopup(h, chatTab);
    await popup.locator('.recital-span__quote').nth(1).click();
    await chat.bringToFront();
    await expect
      .poll(() => chat.evaluate(() => window.scrollY), { timeout: 5000 })
      .toBeGreaterThan(500);
    await expect.poll(() => markTexts(chat, 'flash')).toEqual([strip(SHORT)]);
    // Keyboard: Enter on the focused passage flashes it too.
    await chat.evaluate(() => window.scrollTo(0, 0));
    await popup.bringToFront();
    await popup.locator('.recital-span__quote').first().focus();
    await popup.keyboard.press('Enter');
    await expect.poll(() => markTexts(chat, 'flash')).toEqual([strip(LONG)]);
    await popup.close();
  });

  it('keeps the reply in the audit log and exports it as CSV and JSON', async () => {
    const audit = await h.openExtensionPage('src/audit/index.html');
    await expect.poll(() => audit.locator('.recital-audit-record').count()).toBe(1);
    const card = audit.locator('.recital-audit-record');
    expect(await card.textContent()).toContain('https://chatgpt.com/c/copy');
    expect(await card.locator('cite').allTextContents()).toEqual([DOC_A.title, DOC_B.title]);

    const [csvDownload] = await Promise.all([
      audit.waitForEvent('download'),
      audit.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const rows = parseCsv(fs.readFileSync(await csvDownload.path(), 'utf8'));
    const header = rows[0] ?? [];
    expect(header).toContain('source_title');
    const col = (name: string): number => header.indexOf(name);
    expect(rows).toHaveLength(3);
    expect(rows.slice(1).map((r) => r[col('source_title')])).toEqual([DOC_A.title, DOC_B.title]);
    expect(rows[1]?.[col('site')]).toBe('ChatGPT');
    expect(rows[1]?.[col('source_excerpt')]).toBe(LONG.slice(0, -1));
    const start = Number(rows[1]?.[col('source_start')]);
    const end = Number(rows[1]?.[col('source_end')]);
    expect(DOC_A.text.slice(start, end)).toBe(rows[1]?.[col('source_excerpt')]);

    const [jsonDownload] = await Promise.all([
      audit.waitForEvent('download'),
      audit.getByRole('button', { name: 'Export JSON' }).click(),
    ]);
    const json = JSON.parse(fs.readFileSync(await jsonDownload.path(), 'utf8')) as {
      format: string;
      records: {
        url: string;
        replyText: string;
        spans: {
          title: string;
          author: string;
          kind: string;
          replyStart: number;
          replyEnd: number;
          replyExcerpt: string;
        }[];
      }[];
    };
    expect(json.format).toBe('recital-audit');
    expect(json.records).toHaveLength(1);
    const record = json.records[0];
    expect(record?.spans.map((s) => [s.title, s.author, s.kind])).toEqual([
      [DOC_A.title, DOC_A.author, 'exact'],
      [DOC_B.title, DOC_B.author, 'exact'],
    ]);
    for (const s of record?.spans ?? [])
      expect(record?.replyText.slice(s.replyStart, s.replyEnd)).toBe(s.replyExcerpt);

    // Filters: only the second document's passage.
    await audit.getByLabel('Source document').selectOption({ label: DOC_B.title });
    await expect
      .poll(() => audit.locator('.recital-audit-record cite').allTextContents())
      .toEqual([DOC_B.title]);
    await audit.getByLabel('Source document').selectOption({ label: 'All documents' });
    await audit.getByLabel('Shortest passage (words)').fill('30');
    await expect
      .poll(() => audit.locator('.recital-audit-record cite').allTextContents())
      .toEqual([DOC_A.title]);
    await audit.getByLabel('Shortest passage (words)').fill('0');

    // Clearing asks first.
    await audit.getByRole('button', { name: 'Clear the audit log…' }).click();
    expect(await audit.locator('.recital-audit-record').count()).toBe(1);
    await audit.getByRole('button', { name: 'Keep them' }).click();
    expect(await audit.locator('.recital-audit-record').count()).toBe(1);
    await audit.close();
  });

  it('applies a raised minimum length and a site switched off at once, without reloading the chat', async () => {
    const options = await h.openExtensionPage('src/options/index.html#settings');
    const minWords = options.getByLabel(/Shortest passage to flag/);
    await minWords.waitFor();
    await minWords.fill('20');
    await minWords.press('Tab');
    await expect
      .poll(() => options.getByText('Saved. Open chat tabs are updated.').count())
      .toBe(1);
    await expect.poll(() => markTexts(chat, 'exact'), { timeout: 8000 }).toEqual([strip(LONG)]);
    let popup = await openPopup(h, chatTab);
    await expect.poll(() => spanTitles(popup)).toEqual([DOC_A.title]);
    await popup.close();

    await options.bringToFront();
    await options.getByRole('checkbox', { name: 'ChatGPT' }).uncheck();
    await expect.poll(() => markTexts(chat, 'exact'), { timeout: 8000 }).toEqual([]);
    popup = await openPopup(h, chatTab);
    await expect
      .poll(() => popup.getByRole('heading', { name: 'Recital is off on ChatGPT' }).count())
      .toBe(1);
    await popup.close();

    await options.bringToFront();
    await options.getByRole('checkbox', { name: 'ChatGPT' }).check();
    await minWords.fill('12');
    await minWords.press('Tab');
    await expect
      .poll(() => markTexts(chat, 'exact'), { timeout: 8000 })
      .toEqual([strip(LONG), strip(SHORT)]);

    // A new highlight colour reaches the open chat page through its content script.
    await options.locator('#s-color-exact').fill('#22c55e');
    await expect
      .poll(async () => new Set(await markColors(chat, 'exact')))
      .toEqual(new Set(['rgb(34, 197, 94)']));
    await options.close();
    expect(await chat.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);
  });

  it('turns marks off and on from the settings, while the popup still lists the passages', async () => {
    const options = await h.openExtensionPage('src/options/index.html#settings');
    const noMarks = options.getByRole('checkbox', { name: /Don't mark replies in the page/ });
    await noMarks.check();
    await expect.poll(() => markTexts(chat, 'exact'), { timeout: 8000 }).toEqual([]);
    const popup = await openPopup(h, chatTab);
    await expect.poll(() => spanTitles(popup)).toEqual([DOC_A.title, DOC_B.title]);
    await popup.locator('.recital-span__quote').first().click();
    await popup.getByText(/Marks are turned off/).waitFor();
    expect(await markTexts(chat, 'flash')).toEqual([]);
    await popup.close();

    await options.bringToFront();
    await noMarks.uncheck();
    await expect
      .poll(() => markTexts(chat, 'exact'), { timeout: 8000 })
      .toEqual([strip(LONG), strip(SHORT)]);
    await options.close();
  });

  it('paints a new tab in the colours of the settings, not those a tab wrote to storage.local', async () => {
    // Older versions mirrored the colours in storage.local, which every content script can write:
    // one compromised tab could hide the highlights of all the others.
    const sw = await h.serviceWorker();
    await sw.evaluate(() =>
      (
        globalThis as unknown as {
          chrome: { storage: { local: { set(items: object): Promise<void> } } };
        }
      ).chrome.storage.local.set({
        'recital-highlight-colors': { exact: '#010203', near: '#010203' },
      }),
    );
    const other = await openChat(h, '/c/other');
    await streamCopyingReply(other);
    await expect
      .poll(() => markTexts(other, 'exact'), { timeout: 8000 })
      .toEqual([strip(LONG), strip(SHORT)]);
    const colors = await markColors(other, 'exact');
    expect(colors).toContain('rgb(34, 197, 94)');
    expect(colors).not.toContain('rgb(1, 2, 3)');
    await other.close();
  });

  it('never puts library text into the chat page', async () => {
    const html = await chat.content();
    expect(html).not.toContain('The fog came before the boats');
    expect(html).not.toContain('Ines Marlowe');
    expect(h.strayRequests).toEqual([]);
  });
});
