// @vitest-environment happy-dom
import { h, render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeClient, pageHelpers, settle } from './options-fixture';
import { OptionsApp } from '../../../src/options/options-app';
import { SAMPLE_LIBRARY } from '../../../src/library/sample-library';

// The settings section has its own client and tests; this file is about the library.
vi.mock('../../../src/options/settings-section', () => ({ SettingsSection: () => null }));
vi.mock('../../../src/shared/browser', () => ({ browser: {} }));

let root: HTMLElement;
const page = () => pageHelpers(root);
const button = (name: string) => page().button(name);
const titles = () => page().titles();
const field = (label: string, scope?: ParentNode) => page().field(label, scope);
const type = (control: HTMLInputElement | HTMLTextAreaElement, value: string) =>
  page().type(control, value);
const click = (el: HTMLElement) => page().click(el);

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
    expect(root.textContent).toContain('1 of 3 documents match');
    await type(field('Search'), 'qqqqzzzz');
    expect(root.textContent).toContain('No documents match “qqqqzzzz”.');
    await click(button('Clear search'));
    expect(titles()).toHaveLength(3);
  });
});
