// @vitest-environment happy-dom
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  AddOutcome,
  BulkChange,
  LibraryClient,
  LibraryEntry,
} from '../../../src/options/library-client';
import { OptionsApp } from '../../../src/options/options-app';
import { SAMPLE_LIBRARY } from '../../../src/library/sample-library';

// The settings section has its own client and tests; this file is about the library.
vi.mock('../../../src/options/settings-section', () => ({ SettingsSection: () => null }));
vi.mock('../../../src/shared/browser', () => ({ browser: {} }));

/** An in-memory client: enough behaviour for the page, no store. */
function fakeClient(): LibraryClient & {
  entries: LibraryEntry[];
  deleted: LibraryEntry[];
  announcements: number;
} {
  let next = 0;
  const client = {
    entries: [] as LibraryEntry[],
    deleted: [] as LibraryEntry[],
    announcements: 0,
    list: async () => [...client.entries],
    importFile: async (): Promise<AddOutcome> => ({ status: 'failed', message: 'not used' }),
    startImport: async () => ({
      written: Promise.resolve<AddOutcome>({ status: 'failed', message: 'not used' }),
    }),
    importCapacity: 1,
    prepareImports: () => undefined,
    finishImports: () => undefined,
    addText: async ({
      title,
      author,
      text,
      tags,
    }: {
      title: string;
      author: string;
      text: string;
      tags?: string[];
    }): Promise<AddOutcome> => {
      if (!text.trim()) return { status: 'failed', message: 'There is no text to add.' };
      const same = client.entries.find((e) => e.words === text.length);
      if (same) return { status: 'duplicate', entry: same };
      next += 1;
      const entry: LibraryEntry = {
        id: String(next),
        title: title || 'Untitled',
        tags: tags ?? [],
        words: text.length,
        bytes: text.length,
        addedAt: next,
        format: 'paste',
        ...(author && { author }),
      };
      client.entries.push(entry);
      return { status: 'imported', entry };
    },
    update: async (id: string, patch: { title: string; author: string; tags: string[] }) => {
      client.entries = client.entries.map((e) =>
        e.id === id ? { ...e, title: patch.title, tags: patch.tags } : e,
      );
    },
    remove: async (id: string) => {
      client.deleted.push(...client.entries.filter((e) => e.id === id));
      client.entries = client.entries.filter((e) => e.id !== id);
    },
    restore: async (id: string) => {
      client.entries.push(...client.deleted.filter((e) => e.id === id));
    },
    changeMany: async (ids: readonly string[], change: BulkChange) => {
      const chosen = new Set(ids);
      if (change.kind === 'delete') {
        const gone = client.entries.filter((e) => chosen.has(e.id));
        client.deleted.push(...gone);
        client.entries = client.entries.filter((e) => !chosen.has(e.id));
        return gone.length;
      }
      if (change.kind === 'restore') {
        const back = client.deleted.filter((e) => chosen.has(e.id));
        client.deleted = client.deleted.filter((e) => !chosen.has(e.id));
        client.entries.push(...back);
        return back.length;
      }
      client.entries = client.entries.map((e) =>
        chosen.has(e.id)
          ? {
              ...e,
              tags: [...new Set([...e.tags, ...(change.add ?? [])])].filter(
                (t) => !(change.remove ?? []).includes(t),
              ),
            }
          : e,
      );
      return ids.length;
    },
    exportBackup: async () => new Uint8Array(),
    previewBackup: async () => Promise.reject(new Error('not used here')),
    storage: async () => ({ usage: 2_000_000, quota: 80_000_000_000 }),
    prepareForMatching: async () => undefined,
    notifyChanged: async () => {
      client.announcements += 1;
    },
  };
  return client;
}

let root: HTMLElement;

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await act(async () => new Promise((r) => setTimeout(r, 0)));
}

function button(name: string): HTMLButtonElement {
  const found = [...root.querySelectorAll('button')].find(
    (b) => (b.getAttribute('aria-label') ?? b.textContent?.trim()) === name,
  );
  if (!found)
    throw new Error(
      `no button "${name}" in: ${[...root.querySelectorAll('button')].map((b) => b.textContent).join(' | ')}`,
    );
  return found;
}

function titles(): string[] {
  return [...root.querySelectorAll('.recital-table tbody th[scope=row] > span')].map(
    (s) => s.textContent ?? '',
  );
}

function field(
  labelText: string,
  scope: ParentNode = root,
): HTMLInputElement | HTMLTextAreaElement {
  const label = [...scope.querySelectorAll('label')].find((l) =>
    l.textContent?.trim().startsWith(labelText),
  );
  const control = label && root.ownerDocument.getElementById(label.htmlFor);
  if (!control) throw new Error(`no field labelled ${labelText}`);
  return control as HTMLInputElement;
}

async function type(control: HTMLInputElement | HTMLTextAreaElement, value: string): Promise<void> {
  await act(() => {
    control.value = value;
    control.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

async function click(el: HTMLElement): Promise<void> {
  await act(() => el.click());
  await settle();
}

beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});

afterEach(() => {
  render(null, root);
  root.remove();
});

describe('the options page', () => {
  it('says what Recital needs when the library is empty, and adds the sample library on request', async () => {
    const client = fakeClient();
    render(h(OptionsApp, { openClient: async () => client }), root);
    await settle();
    expect(root.textContent).toContain('Your library is empty');
    expect(root.textContent).toContain('Add the texts you want to protect');
    await click(button('Add the sample library'));
    expect(titles().sort()).toEqual(SAMPLE_LIBRARY.map((s) => s.title).sort());
    expect(client.announcements).toBeGreaterThan(0);
    expect(root.textContent).toContain('3 documents protected');
    expect(root.textContent).toContain('2.0 MB used');
  });

  it('explains what to do when the library cannot be opened', async () => {
    render(
      h(OptionsApp, { openClient: () => Promise.reject(new Error('The user denied permission')) }),
      root,
    );
    await settle();
    expect(root.querySelector('[role=alert]')?.textContent).toMatch(
      /could not open its library.*reload/,
    );
  });

  it('keeps pasted text when adding fails, and clears the form once added', async () => {
    const client = fakeClient();
    render(h(OptionsApp, { openClient: async () => client }), root);
    await settle();
    await click(button('Add to library'));
    expect(root.textContent).toContain(
      'Paste the text you want to protect into the Text box first.',
    );
    await type(field('Title'), 'My poem');
    await type(field('Text'), 'Roses are red and so on.');
    await click(button('Add to library'));
    expect(root.textContent).toContain('Added “My poem” to your library.');
    expect(field('Text').value).toBe('');
    expect(titles()).toEqual(['My poem']);
  });

  it('edits a title with Save, and Cancel leaves it unchanged', async () => {
    const client = fakeClient();
    await client.addText({ title: 'Draft', author: '', text: 'Some words' });
    render(h(OptionsApp, { openClient: async () => client }), root);
    await settle();
    await click(button('Edit “Draft”'));
    const form = root.querySelector('.recital-edit-form') as HTMLFormElement;
    expect(document.activeElement).toBe(field('Title', form));
    await type(field('Title', form), 'Final');
    await click(button('Cancel'));
    expect(titles()).toEqual(['Draft']);
    expect(document.activeElement).toBe(button('Edit “Draft”'));

    await click(button('Edit “Draft”'));
    const again = root.querySelector('.recital-edit-form') as HTMLFormElement;
    await type(field('Title', again), 'Final');
    await type(field('Tags', again), 'poem, Poem, draft');
    await click(button('Save'));
    expect(titles()).toEqual(['Final']);
    expect(client.entries[0]?.tags).toEqual(['poem', 'draft']);
  });

  it('refuses to save an empty title', async () => {
    const client = fakeClient();
    await client.addText({ title: 'Draft', author: '', text: 'Some words' });
    render(h(OptionsApp, { openClient: async () => client }), root);
    await settle();
    await click(button('Edit “Draft”'));
    const form = root.querySelector('.recital-edit-form') as HTMLFormElement;
    await type(field('Title', form), '   ');
    await click(button('Save'));
    expect(root.textContent).toContain('Give the document a title');
    expect(client.entries[0]?.title).toBe('Draft');
  });
});

describe('the options page: deleting and searching', () => {
  it('deletes with an Undo toast that brings the document back', async () => {
    const client = fakeClient();
    await client.addText({ title: 'Precious', author: '', text: 'Some words' });
    render(h(OptionsApp, { openClient: async () => client }), root);
    await settle();
    await click(button('Delete “Precious”'));
    expect(titles()).toEqual([]);
    expect(root.querySelector('.recital-toast')?.textContent).toContain('Deleted “Precious”.');
    await click(button('Undo'));
    expect(titles()).toEqual(['Precious']);
    expect(root.querySelector('.recital-toast')?.textContent).toContain('Restored “Precious”.');
  });

  it('gathers quick deletes under one Undo that restores them all', async () => {
    const client = fakeClient();
    await client.addText({ title: 'One', author: '', text: 'a' });
    await client.addText({ title: 'Two', author: '', text: 'bb' });
    await client.addText({ title: 'Three', author: '', text: 'ccc' });
    render(h(OptionsApp, { openClient: async () => client }), root);
    await settle();
    await click(button('Delete “One”'));
    await click(button('Delete “Three”'));
    expect(titles()).toEqual(['Two']);
    expect(root.querySelector('.recital-toast')?.textContent).toContain('Deleted 2 documents.');
    await click(button('Undo'));
    expect(titles().sort()).toEqual(['One', 'Three', 'Two']);
    expect(root.querySelector('.recital-toast')?.textContent).toContain('Restored 2 documents.');
  });

  it('narrows the list as the user types a search, and offers to clear a search that finds nothing', async () => {
    const client = fakeClient();
    for (const sample of SAMPLE_LIBRARY) await client.addText({ ...sample, text: sample.text });
    render(h(OptionsApp, { openClient: async () => client }), root);
    await settle();
    await type(field('Search'), 'ledger');
    expect(titles()).toEqual(['Notes on Keeping a Ledger of Small Things']);
    expect(root.textContent).toContain('Showing 1 of 3 documents');
    await type(field('Search'), 'qqqqzzzz');
    expect(root.textContent).toContain('No documents match “qqqqzzzz”.');
    await click(button('Clear search'));
    expect(titles()).toHaveLength(3);
  });
});
