// The probe's prompt goes into each site's prompt box as typing would, and nothing is sent.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fillComposer, findComposer } from '../../src/content/composer/fill-composer';
import { site as chatgpt } from '../../src/sites/chatgpt';
import { site as claude } from '../../src/sites/claude';
import { site as gemini } from '../../src/sites/gemini';
import { makeGenericSite } from '../../src/sites/generic';
import { loadHtml } from './load-html';

const REAL_PAGES = path.resolve(__dirname, '../../../shared/real-pages');
const pages = [
  { site: chatgpt, file: 'chatgpt/nuncaeslupus-real-capture.html', expect: 'div#prompt-textarea' },
  {
    site: chatgpt,
    file: 'chatgpt/revivalstack-5question-ans-pairs.html',
    expect: 'div#prompt-textarea',
  },
  { site: claude, file: 'claude/covai-claude-chat.html', expect: '[data-testid="chat-input"]' },
  {
    site: claude,
    file: 'claude/obsidian-ai-exporter-chat-simple.html',
    expect: '[data-testid="chat-input"]',
  },
  {
    site: gemini,
    file: 'gemini/nuncaeslupus-table-2026-07.html',
    expect: 'rich-textarea .ql-editor',
  },
].filter((p) => existsSync(path.join(REAL_PAGES, p.file)));

const PROMPT =
  'Continue this text exactly, word for word:\n\nIt is a truth universally acknowledged';

/** Events the page would see, and whether any of them could send the message. */
function watch(doc: Document): { types: string[]; sendLike: string[] } {
  const seen = { types: [] as string[], sendLike: [] as string[] };
  for (const type of ['focus', 'beforeinput', 'input', 'keydown', 'keypress', 'click', 'submit'])
    doc.addEventListener(
      type,
      (event) => {
        seen.types.push(type);
        if (type !== 'beforeinput' && type !== 'input' && type !== 'focus')
          seen.sendLike.push(type);
        if ((event as KeyboardEvent).key === 'Enter') seen.sendLike.push('Enter');
      },
      true,
    );
  return seen;
}

describe.skipIf(pages.length === 0)('the composer of saved real pages', () => {
  it.each(pages)('$site.id: $file', ({ site, file, expect: selector }) => {
    const doc = loadHtml(readFileSync(path.join(REAL_PAGES, file), 'utf8'));
    const expected = doc.querySelector(selector);
    expect(expected).not.toBeNull();
    expect(findComposer(site, doc)).toBe(expected);
    const events = watch(doc);
    expect(fillComposer(site, doc, PROMPT)).toEqual({ ok: true, kind: 'contenteditable' });
    expect(expected?.textContent).toBe(
      'Continue this text exactly, word for word: It is a truth universally acknowledged',
    );
    expect(events.types).toContain('input');
    expect(events.sendLike).toEqual([]);
  });
});

describe('the composer of a generic site', () => {
  it('fills a React-style textarea through the prototype setter and an input event', () => {
    const doc = loadHtml(
      '<main><div class="reply">old answer</div><textarea hidden id="a"></textarea>' +
        '<form><textarea id="b"></textarea><button type="submit">Send</button></form></main>',
    );
    const site = makeGenericSite('https://example.com', '.reply');
    const box = doc.getElementById('b') as HTMLTextAreaElement;
    let tracked = '';
    // What React's value tracker does: an own setter on the element records writes that bypass
    // the prototype; the prototype's setter is the one that leaves React's tracker behind.
    let ownWrites = 0;
    Object.defineProperty(box, 'value', {
      configurable: true,
      get: () => tracked,
      set: (v: string) => {
        ownWrites++;
        tracked = v;
      },
    });
    const events = watch(doc);
    let submitted = false;
    doc.querySelector('form')?.addEventListener('submit', () => (submitted = true));
    const outcome = fillComposer(site, doc, 'Continue: one two three');
    // The prototype setter wrote the real value; the own setter was not used.
    expect(ownWrites).toBe(0);
    delete (box as unknown as { value?: unknown }).value;
    expect(box.value).toBe('Continue: one two three');
    expect(outcome).toEqual({ ok: false, reason: 'not-taken' });
    expect(events.types).toEqual(['focus', 'input']);
    expect(submitted).toBe(false);
  });

  it('fills a plain textarea and reports it', () => {
    const doc = loadHtml('<textarea></textarea>');
    const site = makeGenericSite('https://example.com', '.reply');
    expect(fillComposer(site, doc, 'a  b\nc')).toEqual({ ok: true, kind: 'textarea' });
    expect(doc.querySelector('textarea')?.value).toBe('a b c');
  });

  it('says so when the page has no prompt box', () => {
    const doc = loadHtml('<div class="reply">text</div><textarea disabled></textarea>');
    const site = makeGenericSite('https://example.com', '.reply');
    expect(fillComposer(site, doc, 'x')).toEqual({ ok: false, reason: 'no-composer' });
  });

  it('a contenteditable editor that handles beforeinput itself is left to do so', () => {
    const doc = loadHtml('<div contenteditable="true" role="textbox"><p><br></p></div>');
    const box = doc.querySelector('[contenteditable]') as HTMLElement;
    // An editor like ProseMirror: it takes the text from beforeinput and renders it.
    box.addEventListener('beforeinput', (event) => {
      event.preventDefault();
      box.replaceChildren();
      const p = doc.createElement('p');
      p.textContent = (event as InputEvent).data;
      box.append(p);
    });
    const site = makeGenericSite('https://example.com', '.reply');
    expect(fillComposer(site, doc, 'hello there')).toEqual({ ok: true, kind: 'contenteditable' });
    expect(box.querySelectorAll('p')).toHaveLength(1);
    expect(box.textContent).toBe('hello there');
  });
});
