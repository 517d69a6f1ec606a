// @vitest-environment happy-dom
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DocumentApp } from '../../../src/document/document-app';
import { CHUNK_CHARS } from '../../../src/document/find-in-text';
import type { LoadedDocument } from '../../../src/document/read-document';
import type { LibraryDocument } from '../../../src/library/store/index';

const PASSAGE = 'It lived in a tin box under the floorboards of the counting room';

/** A long text (several chunks) with the passage once, deep inside, and "tin" a few times. */
function longText(): string {
  const filler = 'The harbour office kept its ledgers in good order. '.repeat(400);
  return `A tin whistle.\n${filler}\n${filler}\n${PASSAGE}.\n${filler}\nThe tin roof.`;
}

function loaded(text: string): LoadedDocument {
  const doc: LibraryDocument = {
    id: 'doc-1',
    title: 'Salt and Ledger',
    author: 'Jonas Velloway',
    tags: ['letters'],
    format: 'txt',
    fileName: 'salt-and-ledger.txt',
    chars: text.length,
    bytes: text.length,
    words: 1234,
    addedAt: Date.UTC(2026, 10, 27),
    contentHash: 'h',
    status: 'active',
  };
  return { doc, text };
}

let root: HTMLElement;
let scrolled: Element[];

async function open(
  hash: string,
  load = async (id: string) => (id === 'doc-1' ? loaded(longText()) : undefined),
) {
  location.hash = hash;
  render(h(DocumentApp, { load }), root);
  for (let i = 0; i < 5; i++) await act(async () => new Promise((r) => setTimeout(r, 0)));
}

const marks = (selector: string): string[] =>
  [...root.querySelectorAll(selector)].map((m) => m.textContent ?? '');
const status = (): string => root.querySelector('.recital-doc__count')?.textContent ?? '';
const search = (): HTMLInputElement => root.querySelector('#doc-search') as HTMLInputElement;
const press = async (key: string, shiftKey = false): Promise<void> => {
  await act(() => {
    search().dispatchEvent(new KeyboardEvent('keydown', { key, shiftKey, bubbles: true }));
  });
};

beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
  scrolled = [];
  vi.spyOn(Element.prototype, 'scrollIntoView').mockImplementation(function (this: Element) {
    scrolled.push(this);
  });
});

afterEach(() => {
  render(null, root);
  root.remove();
  vi.restoreAllMocks();
});

describe('the document page', () => {
  it('shows the title, details and the whole text, in chunks', async () => {
    await open('#doc=doc-1');
    expect(root.querySelector('h1')?.textContent).toContain('Salt and Ledger');
    expect(root.textContent).toContain('Jonas Velloway');
    expect(root.textContent).toContain('salt-and-ledger.txt');
    const chunks = root.querySelectorAll('.recital-doc__chunk');
    expect(chunks.length).toBeGreaterThan(longText().length / CHUNK_CHARS);
    expect([...chunks].map((c) => c.textContent).join('')).toBe(longText());
    expect(root.querySelectorAll('mark')).toHaveLength(0);
  });

  it('marks the passage a deep link names and scrolls to it', async () => {
    const from = longText().indexOf(PASSAGE);
    await open(`#doc=doc-1&from=${from}&to=${from + PASSAGE.length}`);
    expect(marks('mark.recital-doc__passage')).toEqual([PASSAGE]);
    expect(scrolled).toContain(root.querySelector('mark.recital-doc__passage'));
  });

  it('says so, and marks nothing, when the linked passage lies beyond the text', async () => {
    await open('#doc=doc-1&from=900000&to=900010');
    expect(root.querySelectorAll('mark')).toHaveLength(0);
    expect(root.textContent).toContain('lies beyond the end of this text');
  });

  it('finds a word, counts the matches and steps through them both ways', async () => {
    await open('#doc=doc-1');
    await act(() => {
      search().value = 'TIN';
      search().dispatchEvent(new Event('input', { bubbles: true }));
    });
    // "A tin whistle", "a tin box", "counting", "The tin roof": a search finds parts of words too.
    expect(marks('mark.recital-doc__match')).toEqual(['tin', 'tin', 'tin', 'tin']);
    expect(status()).toBe('1 of 4 matches');
    const current = () => root.querySelector('mark.recital-doc__match--current');
    const all = () => [...root.querySelectorAll('mark.recital-doc__match')];
    expect(all().indexOf(current() as Element)).toBe(0);
    await press('Enter');
    expect(status()).toBe('2 of 4 matches');
    expect(all().indexOf(current() as Element)).toBe(1);
    expect(scrolled.at(-1)).toBe(current());
    await press('Enter', true);
    await press('Enter', true);
    expect(status()).toBe('4 of 4 matches');
    expect(all().indexOf(current() as Element)).toBe(3);
  });

  it('says when nothing matches', async () => {
    await open('#doc=doc-1');
    await act(() => {
      search().value = 'zeppelin';
      search().dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(status()).toBe('No matches');
    expect(root.querySelectorAll('mark')).toHaveLength(0);
  });

  it('explains a document that is no longer in the library', async () => {
    await open('#doc=gone');
    expect(root.querySelector('[role=alert]')?.textContent).toContain(
      'not in your library any more',
    );
  });
});
