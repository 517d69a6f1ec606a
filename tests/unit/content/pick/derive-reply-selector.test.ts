// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import {
  countMatches,
  deriveReplySelector,
} from '../../../../src/content/pick/derive-reply-selector';

function build(html: string): Document {
  // DOMParser builds the fixture without touching innerHTML on the live document.
  const parsed = new DOMParser().parseFromString(
    `<!doctype html><html><body>${html}</body></html>`,
    'text/html',
  );
  document.body.replaceWith(document.importNode(parsed.body, true));
  return document;
}

function pick(selector: string): { selector: string; container: Element; count: number } {
  const target = document.querySelector(selector);
  if (!target) throw new Error(`fixture has no ${selector}`);
  const derived = deriveReplySelector(target);
  if (!derived) throw new Error('no selector derived');
  return { ...derived, count: countMatches(document, derived.selector) };
}

afterEach(() => document.body.replaceChildren());

describe('deriving the reply container selector from a click', () => {
  it.each([
    {
      name: 'a role attribute on the reply wins over the shared classes of user and bot messages',
      html: '<main><div class="msg" data-role="user"><p>Question</p></div><div class="msg" data-role="assistant"><p><b id="t">Answer</b> one</p></div><div class="msg" data-role="assistant"><p>Answer two</p></div></main>',
      click: '#t',
      selector: 'div[data-role="assistant"]',
      count: 2,
    },
    {
      name: 'a ChatGPT-like author attribute two levels above the paragraph',
      html: '<section data-turn-id="a-1"><div data-message-author-role="assistant" data-message-id="m1"><div class="markdown prose"><p id="t">Text</p></div></div></section>',
      click: '#t',
      selector: 'div[data-message-author-role="assistant"]',
      count: 1,
    },
    {
      name: 'stable classes when the page has no attributes, skipping generated ones',
      html: '<div id="chat"><div class="css-1x2y3z bot-message"><span id="t">Hi</span></div><div class="css-9q8w7e bot-message"><span>Hello</span></div></div>',
      click: '#t',
      selector: 'div.bot-message',
      count: 2,
    },
    {
      name: 'a custom element name when that is all there is',
      html: '<chat-reply><p id="t">Words</p></chat-reply><chat-reply><p>More</p></chat-reply>',
      click: '#t',
      selector: 'chat-reply',
      count: 2,
    },
    {
      name: 'a child path from the nearest id, without nth-child, when nothing is stable',
      html: '<div id="log"><div><p id="t">One</p></div><div><p>Two</p></div></div>',
      click: '#t',
      selector: '#log > div',
      count: 2,
    },
    {
      name: 'ids and unique-looking values (digits, state attributes) are not used',
      html: '<div id="wrap"><article data-id="9f3a" data-state="open" data-kind="bot"><p id="t">Text</p></article></div>',
      click: '#t',
      selector: 'article[data-kind="bot"]',
      count: 1,
    },
    {
      name: 'unicode text and emoji inside the reply change nothing',
      html: '<div role="article" class="r"><p>日本語 🎉 <em id="t">é</em></p></div>',
      click: '#t',
      selector: 'div[role="article"]',
      count: 1,
    },
  ])('$name', ({ html, click, selector, count }) => {
    build(html);
    const picked = pick(click);
    expect(picked.selector).toBe(selector);
    expect(picked.count).toBe(count);
    expect(picked.container.matches(selector)).toBe(true);
    expect(picked.selector).not.toMatch(/nth-child/);
  });

  it('derives nothing from a click on the page body itself', () => {
    build('<p>Just text</p>');
    expect(deriveReplySelector(document.body)).toBeUndefined();
  });

  it('counts no matches for an invalid selector instead of throwing', () => {
    expect(countMatches(document, 'div[')).toBe(0);
  });
});

describe('the user turns are never watched', () => {
  it('does not take a class that user and bot messages share', () => {
    build(
      '<main><div class="msg user-message"><p>My pasted text</p></div><div class="msg"><p id="t">The answer</p></div><div class="msg"><p>Another answer</p></div></main>',
    );
    const picked = pick('#t');
    expect(picked.count).toBe(2);
    expect(document.querySelector('.user-message')?.matches(picked.selector)).toBe(false);
  });

  it('goes up past a role value the user turns share, to the assistant marker', () => {
    build(
      '<div data-author="user"><div data-kind="message"><p>Mine</p></div></div><div data-author="assistant"><div data-kind="message"><p id="t">Reply</p></div></div>',
    );
    expect(pick('#t')).toMatchObject({ selector: 'div[data-author="assistant"]', count: 1 });
  });

  it('narrows the structural fallback so the user turn in the same list is left out', () => {
    build(
      '<div id="log"><div><p id="t">Reply one</p></div><div><p data-testid="user-message-text">Question</p></div><div><p>Reply two</p></div></div>',
    );
    const picked = pick('#t');
    expect(picked.count).toBe(2);
    const user = document.querySelector('[data-testid="user-message-text"]')?.parentElement;
    expect(user?.matches(picked.selector)).toBe(false);
  });

  it('derives nothing from a click inside the user own message', () => {
    build(
      '<user-query><p id="t">My question</p></user-query><model-response><p>Answer</p></model-response>',
    );
    expect(deriveReplySelector(document.querySelector('#t') as Element)).toBeUndefined();
  });
});
