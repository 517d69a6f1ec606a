// @vitest-environment happy-dom
import { h, render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LibraryEntry } from '../../../src/options/library-client';
import { OptionsApp } from '../../../src/options/options-app';
import { fakeClient, pageHelpers, settle, type FakeClient } from './options-fixture';

vi.mock('../../../src/options/settings-section', () => ({ SettingsSection: () => null }));
vi.mock('../../../src/shared/browser', () => ({ browser: {} }));

let root: HTMLElement;
const page = () => pageHelpers(root);

/** `n` documents: titles "Document 001"…, authors from a short list (some none), sizes varied. */
function library(n: number): FakeClient {
  const client = fakeClient();
  const authors = ['Zora Quill', 'Anna Marsh', undefined, 'Milo Brant'];
  for (let i = 1; i <= n; i++) {
    const author = authors[i % authors.length];
    const entry: LibraryEntry = {
      id: `d${i}`,
      title: `Document ${String(i).padStart(3, '0')}`,
      tags: [],
      words: (i * 7919) % 1000,
      bytes: ((i * 7919) % 1000) * 6,
      addedAt: 1_000 + i,
      format: 'txt',
      ...(author && { author }),
    };
    client.entries.push(entry);
  }
  return client;
}

async function open(client: FakeClient): Promise<void> {
  render(h(OptionsApp, { openClient: async () => client }), root);
  await settle();
}

const header = (name: string): HTMLTableCellElement => {
  const th = [...root.querySelectorAll<HTMLTableCellElement>('thead th')].find(
    (cell) => cell.querySelector('button')?.textContent?.replace(/[▲▼↕]/g, '').trim() === name,
  );
  if (!th) throw new Error(`no sortable column ${name}`);
  return th;
};
const sortButton = (name: string): HTMLButtonElement =>
  header(name).querySelector('button') as HTMLButtonElement;
const pagerStatus = (): string =>
  root.querySelector('.recital-pager__status')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const checkbox = (label: string): HTMLInputElement => {
  const box = root.querySelector<HTMLInputElement>(`input[type=checkbox][aria-label="${label}"]`);
  if (!box) throw new Error(`no checkbox ${label}`);
  return box;
};
const rowAuthors = (): string[] =>
  [...root.querySelectorAll('.recital-table__author')].map((td) =>
    td.textContent?.includes('No author') ? '' : (td.textContent ?? ''),
  );

beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});

afterEach(() => {
  render(null, root);
  root.remove();
});

describe('the library table: sorting', () => {
  it('lists newest first and says so on the Added column until another order is chosen', async () => {
    await open(library(12));
    expect(page().titles().slice(0, 3)).toEqual(['Document 012', 'Document 011', 'Document 010']);
    expect(header('Added').getAttribute('aria-sort')).toBe('descending');
    expect(header('Title').hasAttribute('aria-sort')).toBe(false);
  });

  it('sorts by title, then the other way round, with a button a keyboard can reach', async () => {
    await open(library(12));
    expect(sortButton('Title').tagName).toBe('BUTTON');
    await page().click(sortButton('Title'));
    expect(page().titles().slice(0, 2)).toEqual(['Document 001', 'Document 002']);
    expect(header('Title').getAttribute('aria-sort')).toBe('ascending');
    expect(header('Added').hasAttribute('aria-sort')).toBe(false);
    await page().click(sortButton('Title'));
    expect(page().titles().slice(0, 2)).toEqual(['Document 012', 'Document 011']);
    expect(header('Title').getAttribute('aria-sort')).toBe('descending');
  });

  it('sorts by words largest first, and by author A to Z with the authorless last', async () => {
    const client = library(12);
    await open(client);
    await page().click(sortButton('Words'));
    const byWords = [...client.entries].sort((a, b) => b.words - a.words).map((e) => e.title);
    expect(page().titles()).toEqual(byWords);
    await page().click(sortButton('Author'));
    const authors = rowAuthors();
    expect(authors.filter(Boolean)).toEqual([...authors.filter(Boolean)].sort());
    expect(authors.slice(-3)).toEqual(['', '', '']);
    expect(authors[0]).toBe('Anna Marsh');
  });
});

describe('the library table: pages', () => {
  it('shows 50 documents a page and moves between pages', async () => {
    await open(library(120));
    expect(page().titles()).toHaveLength(50);
    expect(pagerStatus()).toContain('1–50 of 120');
    expect(page().button('Previous page').disabled).toBe(true);
    await page().click(page().button('Next page'));
    expect(pagerStatus()).toContain('51–100 of 120');
    expect(page().titles()[0]).toBe('Document 070');
    await page().click(page().button('Last page'));
    expect(pagerStatus()).toContain('101–120 of 120 · page 3 of 3');
    expect(page().titles()).toHaveLength(20);
    expect(page().button('Next page').disabled).toBe(true);
  });

  it('searches every document, not only the page shown, and starts again at page one', async () => {
    await open(library(120));
    await page().click(page().button('Last page'));
    await page().type(page().field('Search'), 'Document 115');
    expect(page().titles()[0]).toBe('Document 115');
    expect(root.textContent).toMatch(/\d+ of 120 documents match/);
  });

  it('shows no page buttons when every document fits on one page', async () => {
    await open(library(50));
    expect(root.querySelector('.recital-pager')).toBeNull();
  });
});

describe('the library table: choosing many', () => {
  it('selects a page, then every matching document, and deletes them all with one Undo', async () => {
    const client = library(120);
    await open(client);
    await page().click(checkbox('Select all on this page'));
    expect(root.textContent).toContain('50 documents selected');
    await page().click(page().button('Select all 120 matching'));
    expect(root.textContent).toContain('120 documents selected');
    await page().click(page().button('Delete selected'));
    expect(client.entries).toHaveLength(0);
    expect(client.deleted).toHaveLength(120);
    expect(root.textContent).toContain('Deleted 120 documents.');
    await page().click(page().button('Undo'));
    expect(client.entries).toHaveLength(120);
    expect(root.textContent).toContain('Restored 120 documents.');
    expect(root.textContent).not.toContain('documents selected');
  });

  it('keeps a selection across pages, and marks the page checkbox half-checked', async () => {
    await open(library(120));
    await page().click(checkbox('Select “Document 120”'));
    await page().click(page().button('Next page'));
    await page().click(checkbox('Select “Document 070”'));
    expect(root.textContent).toContain('2 documents selected');
    expect(checkbox('Select all on this page').indeterminate).toBe(true);
    await page().click(page().button('Clear selection'));
    expect(root.querySelector('.recital-bulk')).toBeNull();
    expect(checkbox('Select “Document 070”').checked).toBe(false);
  });

  it('adds a tag to the selected documents and removes it again', async () => {
    const client = library(5);
    await open(client);
    await page().click(checkbox('Select “Document 005”'));
    await page().click(checkbox('Select “Document 003”'));
    await page().type(page().field('Tags for the selected'), 'draft, poems');
    await page().click(page().button('Add tag'));
    const tagsOf = (id: string) => client.entries.find((e) => e.id === id)?.tags;
    expect(tagsOf('d5')).toEqual(['draft', 'poems']);
    expect(tagsOf('d3')).toEqual(['draft', 'poems']);
    expect(tagsOf('d4')).toEqual([]);
    expect(root.textContent).toContain('Tagged 2 documents “draft”, “poems”.');
    await page().type(page().field('Tags for the selected'), 'draft');
    await page().click(page().button('Remove tag'));
    expect(tagsOf('d5')).toEqual(['poems']);
    expect(root.textContent).toContain('Removed “draft” from 2 documents.');
  });

  it('links each title to its document page', async () => {
    await open(library(3));
    const link = root.querySelector<HTMLAnchorElement>('tr[data-doc-id="d2"] th a');
    expect(link?.getAttribute('href')).toBe('/src/document/index.html#doc=d2');
  });
});
