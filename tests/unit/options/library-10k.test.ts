// @vitest-environment happy-dom
// A library of 10,000 documents on the options page, through the real client and store (fake
// IndexedDB): it lists, sorts, pages, searches and acts on all of them. The times are printed,
// never asserted (speed goals live in benchmarks; this machine is shared).
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { importFile, importPastedText } from '../../../src/library/import/index';
import {
  openLibraryStore,
  type LibraryDocument,
  type LibraryStore,
} from '../../../src/library/store/index';
import { createLibraryClient } from '../../../src/options/library-client';
import { OptionsApp } from '../../../src/options/options-app';
import { pageHelpers } from './options-fixture';

vi.mock('../../../src/options/settings-section', () => ({ SettingsSection: () => null }));
vi.mock('../../../src/shared/browser', () => ({ browser: {} }));

const COUNT = 10_000;
const NAME = 'library-10k';
let store: LibraryStore;
let root: HTMLElement;
const page = () => pageHelpers(root);
const timings: string[] = [];

/** Runs `step`, then waits until `done()` holds; records how long both took. */
async function timed(label: string, step: () => unknown, done: () => boolean): Promise<void> {
  const start = performance.now();
  await act(async () => {
    await step();
  });
  for (let i = 0; i < 2_000 && !done(); i++)
    await act(async () => new Promise((r) => setTimeout(r, 0)));
  expect(done()).toBe(true);
  timings.push(`${label}: ${(performance.now() - start).toFixed(0)} ms`);
}

const sortButton = (name: string): HTMLButtonElement => {
  const found = [...root.querySelectorAll<HTMLButtonElement>('thead th button')].find(
    (b) => b.firstChild?.textContent === name,
  );
  if (!found) throw new Error(`no column ${name}`);
  return found;
};
const rows = (): number => root.querySelectorAll('.recital-table tbody tr').length;
const pager = (): string => root.querySelector('.recital-pager__status')?.textContent ?? '';
const text = (): string => root.textContent ?? '';

beforeAll(async () => {
  globalThis.indexedDB = new IDBFactory();
  store = await openLibraryStore(NAME);
  // Written straight into the store: indexing 10,000 texts is the importer's cost, not the page's.
  const db = await openDB(NAME);
  const tx = db.transaction('docs', 'readwrite');
  for (let i = 1; i <= COUNT; i++) {
    const doc: LibraryDocument = {
      id: `doc-${i}`,
      title: `Document ${String(i).padStart(5, '0')}`,
      ...(i % 3 !== 0 && { author: `Author ${i % 97}` }),
      tags: i % 10 === 0 ? ['tenth'] : [],
      format: 'txt',
      chars: 6 * ((i * 7919) % 5000),
      bytes: 6 * ((i * 7919) % 5000),
      words: (i * 7919) % 5000,
      addedAt: 1_700_000_000_000 + i * 60_000,
      contentHash: `hash-${i}`,
      status: 'active',
    };
    void tx.store.put(doc);
  }
  await tx.done;
  db.close();
  root = document.createElement('div');
  document.body.append(root);
}, 120_000);

afterAll(() => {
  render(null, root);
  root.remove();
  store.close();
  console.log(`Library of ${COUNT.toLocaleString('en')} documents:\n  ${timings.join('\n  ')}`);
});

describe('the options page with 10,000 documents', () => {
  it('lists them a page at a time and acts on all of them', async () => {
    const client = createLibraryClient(store, { importFile, importPastedText }, async () => 0);
    const listStart = performance.now();
    expect(await client.list()).toHaveLength(COUNT);
    timings.push(
      `list 10,000 from the store alone: ${(performance.now() - listStart).toFixed(0)} ms`,
    );
    await timed(
      'open the page (list 10,000 from the store, render page 1)',
      () => render(h(OptionsApp, { openClient: async () => client }), root),
      () => rows() === 50,
    );
    expect(text()).toContain('10,000 documents protected');
    expect(pager()).toContain('1–50 of 10,000');
    expect(page().titles()[0]).toBe('Document 10000');

    await timed(
      'sort by title',
      () => sortButton('Title').click(),
      () => page().titles()[0] === 'Document 00001',
    );
    await timed(
      'go to the last page',
      () => page().button('Last page').click(),
      () => pager().includes('9,951–10,000 of 10,000'),
    );
    await timed(
      'search all documents',
      () => page().type(page().field('Search'), 'Document 04321'),
      () => page().titles()[0] === 'Document 04321',
    );
    await timed(
      'clear the search',
      () => page().type(page().field('Search'), ''),
      () => pager().includes('1–50 of 10,000'),
    );

    await act(() =>
      root.querySelector<HTMLInputElement>('input[aria-label="Select all on this page"]')?.click(),
    );
    await timed(
      'select all 10,000',
      () => page().button('Select all 10,000 matching').click(),
      () => text().includes('10,000 documents selected'),
    );
    await page().type(page().field('Tags for the selected'), 'archive');
    await timed(
      'tag 10,000 (one transaction)',
      () => page().button('Add tag').click(),
      () => text().includes('Tagged 10,000 documents “archive”.'),
    );
    expect((await store.listDocuments()).every((d) => d.tags.includes('archive'))).toBe(true);

    await timed(
      'delete 10,000 (one transaction)',
      () => page().button('Delete selected').click(),
      () => text().includes('Deleted 10,000 documents.'),
    );
    expect(await store.listDocuments()).toHaveLength(0);
    await timed(
      'undo the delete',
      () => page().button('Undo').click(),
      () => text().includes('Restored 10,000 documents.'),
    );
    expect(await store.listDocuments()).toHaveLength(COUNT);
    expect(rows()).toBe(50);
  }, 300_000);
});
