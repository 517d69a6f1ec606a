// Seeds the library the way a user does: the options page's file input, with each document as
// a Markdown file whose front matter gives its title and author. Nothing in the shipped
// extension exists for tests.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { sendFromPage, type Harness } from './harness';

const OPTIONS_PAGE = 'src/options/index.html';

/** A document to import: its text and the title and author the library should show. */
export interface LibraryText {
  title: string;
  author?: string;
  text: string;
}

/** What the options page reported for one file of a batch, in the order the files were given. */
export type FileStatus = 'imported' | 'duplicate' | 'failed' | 'cancelled';

/** One `setInputFiles` entry: a Markdown file in memory, its front matter naming the document. */
function asMarkdownFile(doc: LibraryText, index: number) {
  const lines = ['---', `title: ${doc.title}`, ...(doc.author ? [`author: ${doc.author}`] : [])];
  return {
    name: `document-${index + 1}.md`,
    mimeType: 'text/markdown',
    buffer: Buffer.from(`${lines.join('\n')}\n---\n${doc.text}`),
  };
}

/** Opens the options page and waits until it has listed the library (and can import). */
export async function openOptionsPage(h: Harness): Promise<Page> {
  const page = await h.openExtensionPage(OPTIONS_PAGE);
  await page.getByRole('heading', { name: 'Library', exact: true }).waitFor();
  await page.getByText('Loading your library…').waitFor({ state: 'detached' });
  return page;
}

/**
 * Writes `docs` as Markdown files into `dir` and returns their paths. For big batches: Playwright
 * hands in-memory files to the page through the protocol (25 MB took 23 s on a busy machine),
 * files on disk by their paths.
 */
export function writeMarkdownFiles(docs: LibraryText[], dir: string): string[] {
  return docs.map((doc, i) => {
    const file = asMarkdownFile(doc, i);
    const filePath = path.join(dir, file.name);
    fs.writeFileSync(filePath, file.buffer);
    return filePath;
  });
}

/** Documents, or the paths of files {@link writeMarkdownFiles} wrote. */
type ImportFiles = LibraryText[] | string[];

/** Starts importing through the page's file input and resolves at once. */
export async function startImport(page: Page, files: ImportFiles): Promise<void> {
  const input = page.locator('input[type=file][multiple]');
  if (isPaths(files)) await input.setInputFiles(files);
  else await input.setInputFiles(files.map(asMarkdownFile));
}

function isPaths(files: ImportFiles): files is string[] {
  return files.every((file) => typeof file === 'string');
}

/** Waits for the batch {@link startImport} began on a fresh page; each file's status. */
async function importFinished(page: Page, files: number): Promise<FileStatus[]> {
  const status = page.locator('.recital-progress__status');
  const results = page.locator('.recital-results__list li');
  const deadline = Date.now() + 60_000;
  while (!(
    /^Imported /.test((await status.textContent()) ?? '') && (await results.count()) === files
  )) {
    if (Date.now() > deadline) throw new Error(`import of ${files} files did not finish`);
    await page.waitForTimeout(50);
  }
  return (await results.evaluateAll((items) =>
    items.map((li) => li.getAttribute('data-status')),
  )) as FileStatus[];
}

/**
 * Imports documents on a fresh options page, then waits for the background to reload its index
 * (the page announces the change itself; awaiting a second announcement means the first is done).
 * Throws when a file fails.
 */
export async function importDocuments(h: Harness, files: ImportFiles): Promise<FileStatus[]> {
  const page = await openOptionsPage(h);
  await startImport(page, files);
  const statuses = await importFinished(page, files.length);
  if (statuses.includes('failed'))
    throw new Error(`import failed: ${await page.locator('.recital-results__list').innerText()}`);
  const reloaded = await sendFromPage<{ ok: boolean }>(page, 'libraryChanged', {});
  if (!reloaded.ok) throw new Error(`libraryChanged failed: ${JSON.stringify(reloaded)}`);
  await page.close();
  return statuses;
}
