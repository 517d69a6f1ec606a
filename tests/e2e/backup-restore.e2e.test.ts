// Restoring a backup as a user does, in the options page of the built extension, while a
// ChatGPT tab stays open: documents from the backup are matched at once, and a setting from the
// backup changes only when the user ticks its box, after which the worker (never restarted)
// stops painting that site.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strToU8 } from 'fflate';
import {
  ARCHIVE_FORMAT,
  encodeLibraryArchive,
  type LibraryArchive,
} from '../../src/library/export-format';
import { deflatedZeros, rawZip } from '../reliability/make-packages';
import type { Harness } from './harness';
import { importDocuments, openOptionsPage } from './import-library';
import { DOC_A, DOC_B, launchChat, openChat, streamCopyingReply } from './popup-fixture';
import { markTexts } from './stream';

const backupFile = (name: string, archive: Omit<LibraryArchive, 'exportedAt'>) => ({
  name,
  mimeType: 'application/zip',
  buffer: Buffer.from(encodeLibraryArchive({ exportedAt: Date.UTC(2026, 0, 5), ...archive })),
});

const asArchived = (doc: typeof DOC_A, id: string) => ({
  meta: { id, title: doc.title, author: doc.author, tags: [], format: 'md', addedAt: 1 },
  text: doc.text,
});

const painted = (chat: Page): Promise<string> =>
  markTexts(chat, 'exact').then((texts) => texts.join(' | '));

async function chooseBackup(options: Page, file: ReturnType<typeof backupFile>): Promise<void> {
  await options.locator('input[type=file][accept=".zip,application/zip"]').setInputFiles(file);
  await options.getByRole('heading', { name: `Restore from ${file.name}?` }).waitFor();
}

const resultText = (options: Page): Promise<string> =>
  options.locator('.recital-backup [aria-live=polite] .recital-notice__body').innerText();

describe('restoring a backup', () => {
  let h: Harness;
  let chat: Page;
  let options: Page;
  const workers: string[] = [];

  beforeAll(async () => {
    h = await launchChat();
    await importDocuments(h, [DOC_A]);
    chat = await openChat(h, '/c/plain');
    await streamCopyingReply(chat);
    options = await openOptionsPage(h);
    options.on('worker', (worker) => workers.push(worker.url()));
  });
  afterAll(async () => h?.close());

  it('shows what it adds first, then adds it: searchable and matched in the open tab at once', async () => {
    await expect.poll(() => painted(chat), { timeout: 10_000 }).toMatch(/tidewright/);
    expect(await painted(chat)).not.toMatch(/pippins/);
    await chooseBackup(
      options,
      backupFile('two-documents.zip', {
        settings: {},
        documents: [asArchived(DOC_A, 'a'), asArchived(DOC_B, 'b')],
      }),
    );
    const preview = options.locator('.recital-restore');
    expect(await preview.innerText()).toMatch(
      /1 document to add \(.+\)\. 1 document is already in your library/,
    );
    expect(await preview.innerText()).toContain('The backup’s settings match yours.');
    // Focus moves in an effect after the preview's render: a moment after its text shows.
    await expect
      .poll(() => options.evaluate(() => document.activeElement?.textContent ?? ''))
      .toContain('Restore from two-documents.zip?');
    // The backup was unpacked and indexed off the page's thread.
    expect(workers.filter((url) => /restore-worker/.test(url))).toHaveLength(1);
    await options.getByRole('button', { name: 'Restore documents' }).click();
    await expect
      .poll(() => resultText(options))
      .toBe(
        'Restored 1 document. 1 document was already in your library, so it was left as it is.',
      );
    await options.getByLabel('Search by title, author or tag').fill('Orchard');
    await options.getByRole('cell', { name: DOC_B.title }).first().waitFor();
    await expect.poll(() => painted(chat), { timeout: 10_000 }).toMatch(/pippins/);
  });

  const disablingChatGpt = () =>
    backupFile('settings-only.zip', { settings: { disabledSites: ['chatgpt'] }, documents: [] });
  const chatGptSwitch = () => options.getByRole('checkbox', { name: 'ChatGPT', exact: true });

  it('leaves the settings as they are when the user does not choose them, and says so', async () => {
    await chooseBackup(options, disablingChatGpt());
    const preview = options.locator('.recital-restore');
    expect(await preview.locator('li').allInnerTexts()).toEqual(['ChatGPT: on → off']);
    const apply = options.getByRole('checkbox', {
      name: 'Also apply this setting from the backup',
    });
    expect(await apply.isChecked()).toBe(false);
    await options.getByRole('button', { name: 'Restore', exact: true }).click();
    await expect
      .poll(() => resultText(options))
      .toBe('Nothing changed. The backup held no documents. You kept your current settings.');
    expect(await chatGptSwitch().isChecked()).toBe(true);
    await streamCopyingReply(chat);
    await expect.poll(() => painted(chat), { timeout: 10_000 }).toMatch(/tidewright.*tidewright/);
  });

  it('applies them when the user chooses them, and the open ChatGPT tab stops being painted', async () => {
    await chooseBackup(options, disablingChatGpt());
    await options
      .getByRole('checkbox', { name: 'Also apply this setting from the backup' })
      .check();
    await options.getByRole('button', { name: 'Restore', exact: true }).click();
    await expect
      .poll(() => resultText(options))
      .toBe(
        'The backup held no documents. Applied 1 setting from the backup; open chat tabs are updated.',
      );
    await expect.poll(() => chatGptSwitch().isChecked()).toBe(false);
    await expect.poll(() => painted(chat), { timeout: 10_000 }).toBe('');
    // A reply written after the restore is not scanned either.
    await streamCopyingReply(chat);
    await chat.waitForTimeout(1500);
    expect(await painted(chat)).toBe('');
  });

  it('refuses a zip bomb posing as a backup, saying so, and changes nothing', async () => {
    const before = await options.locator('.recital-section__count').first().innerText();
    const manifest = JSON.stringify({
      format: ARCHIVE_FORMAT,
      version: 1,
      exportedAt: 1,
      settings: { minWords: 40 },
      documents: [
        { ...asArchived(DOC_A, 'z').meta, file: 'texts/00001.txt', encoding: 'utf-8', chars: 9 },
      ],
    });
    const bomb = rawZip([
      { name: 'manifest.json', data: strToU8(manifest), method: 0, declaredSize: manifest.length },
      { name: 'texts/00001.txt', data: deflatedZeros(1024 * 2 ** 20), method: 8, declaredSize: 9 },
    ]);
    // From disk: Playwright hands in-memory files over its protocol, slowly (import-library.ts).
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'recital-bomb-')), 'bomb.zip');
    fs.writeFileSync(file, bomb);
    await options.locator('input[type=file][accept=".zip,application/zip"]').setInputFiles(file);
    await expect
      .poll(() => resultText(options), { timeout: 20_000 })
      .toMatch(/^This file unpacks to more than \d+ MB, .* nothing changed\./);
    // The page has read the file (its answer is shown): the folder goes.
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
    expect(await options.locator('.recital-section__count').first().innerText()).toBe(before);
    expect(await options.getByRole('spinbutton').first().inputValue()).not.toBe('40');
  });

  it('cancels without changing anything', async () => {
    await chooseBackup(
      options,
      backupFile('cancelled.zip', { settings: { minWords: 30 }, documents: [] }),
    );
    await options.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => resultText(options)).toBe('Restore cancelled. Nothing changed.');
    expect(await options.locator('.recital-restore').count()).toBe(0);
  });
});
