// The options page's tests: an in-memory library client and the ways a user finds and works
// its controls (by visible label, as a screen reader would).
import { act } from 'preact/test-utils';
import type {
  AddOutcome,
  BulkChange,
  LibraryClient,
  LibraryEntry,
} from '../../../src/options/library-client';

export type FakeClient = LibraryClient & {
  entries: LibraryEntry[];
  deleted: LibraryEntry[];
  announcements: number;
};

/** An in-memory client: enough behaviour for the page, no store. */
export function fakeClient(): FakeClient {
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

export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await act(async () => new Promise((r) => setTimeout(r, 0)));
}

/** The page's controls, found under `root` by what a user reads. */
export function pageHelpers(root: HTMLElement) {
  return {
    button(name: string): HTMLButtonElement {
      const found = [...root.querySelectorAll('button')].find(
        (b) => (b.getAttribute('aria-label') ?? b.textContent?.trim()) === name,
      );
      if (!found)
        throw new Error(
          `no button "${name}" in: ${[...root.querySelectorAll('button')].map((b) => b.textContent).join(' | ')}`,
        );
      return found;
    },

    titles(): string[] {
      return [...root.querySelectorAll('.recital-table tbody th[scope=row] > span')].map(
        (s) => s.textContent ?? '',
      );
    },

    field(labelText: string, scope: ParentNode = root): HTMLInputElement | HTMLTextAreaElement {
      const label = [...scope.querySelectorAll('label')].find((l) =>
        l.textContent?.trim().startsWith(labelText),
      );
      const control = label && root.ownerDocument.getElementById(label.htmlFor);
      if (!control) throw new Error(`no field labelled ${labelText}`);
      return control as HTMLInputElement;
    },

    async type(control: HTMLInputElement | HTMLTextAreaElement, value: string): Promise<void> {
      await act(() => {
        control.value = value;
        control.dispatchEvent(new Event('input', { bubbles: true }));
      });
    },

    async click(el: HTMLElement): Promise<void> {
      await act(() => el.click());
      await settle();
    },
  };
}
