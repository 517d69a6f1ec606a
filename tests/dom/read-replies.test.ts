import { describe, expect, it } from 'vitest';
import { findReplies, queryFirstMatching } from '../../src/content/read-replies';
import { ReadCache } from '../../src/content/text-range';
import { defineSite } from '../../src/content/sites/define-site';
import { makeGenericSite } from '../../src/content/sites/generic';
import { matchesPattern } from '../../src/content/sites';
import { loadHtml, observeMutations } from './load-html';

const page = (body: string): Document =>
  loadHtml(`<!doctype html><html><body>${body}</body></html>`);

const site = defineSite({
  id: 'test',
  label: 'Test',
  matches: ['https://test.example/*'],
  replySelector: ['.missing', '.reply'],
  textRoot: ['.body'],
  exclude: ['.think', '.chip'],
  streaming: { reply: ['[data-busy="true"]'], page: ['#stop'] },
});

describe('findReplies', () => {
  it('uses the first selector of a fallback list that matches', () => {
    const doc = page('<div class="a">1</div><div class="b">2</div><div class="b">3</div>');
    expect(queryFirstMatching(doc, ['.none', '.b', '.a']).map((el) => el.textContent)).toEqual([
      '2',
      '3',
    ]);
    expect(queryFirstMatching(doc, ['.none'])).toEqual([]);
  });

  it('reads text roots outside excluded subtrees and leaves user turns out', () => {
    const doc = page(
      '<div class="user"><div class="body">question</div></div>' +
        '<div class="reply"><div class="think"><div class="body">thought</div></div><div class="body">Answer <span class="chip">src</span>here.</div><div class="body">More.</div></div>',
    );
    const replies = findReplies(site, doc);
    expect(replies.map((reply) => reply.text.text)).toEqual(['Answer here.\nMore.']);
  });

  it('drops matches inside notInside elements, then tries the next selector', () => {
    const panelSite = { ...site, replySelector: ['.reply', '.old-reply'], notInside: ['#panel'] };
    const doc = page(
      '<aside id="panel"><div class="reply"><p class="body">panel</p></div></aside><div class="old-reply"><p class="body">real</p></div>',
    );
    expect(findReplies(panelSite, doc).map((reply) => reply.text.text)).toEqual(['real']);
  });

  it('keeps only the outermost of nested reply containers', () => {
    const doc = page(
      '<div class="reply"><div class="body">a</div><div class="reply"><div class="body">b</div></div></div>',
    );
    expect(findReplies(site, doc)).toHaveLength(1);
  });

  it('reads no text from a reply whose text root is not there yet', () => {
    expect(
      findReplies(site, page('<div class="reply"><div class="think">thinking</div></div>'))[0]?.text
        .text,
    ).toBe('');
  });

  it.each([
    [
      'a reply signal marks only its reply',
      '<div class="reply" data-busy="true"><p class="body">a</p></div><div class="reply"><p class="body">b</p></div>',
      [true, false],
    ],
    [
      'a page signal marks the last reply only',
      '<div class="reply"><p class="body">a</p></div><div class="reply"><p class="body">b</p></div><button id="stop"></button>',
      [false, true],
    ],
    ['no signal means complete', '<div class="reply"><p class="body">a</p></div>', [false]],
  ])('%s', (_name, body, expected) => {
    expect(findReplies(site, page(body)).map((reply) => reply.isStreaming)).toEqual(expected);
  });

  it('looks page signals up in the whole document when given a subtree', () => {
    const doc = page(
      '<main><div class="reply"><p class="body">a</p></div></main><button id="stop"></button>',
    );
    const main = doc.querySelector('main');
    expect(main && findReplies(site, main)[0]?.isStreaming).toBe(true);
  });

  it('takes ids from the hook, then data-message-id or id, then index and text hash', () => {
    const doc = page(
      '<div class="reply" data-message-id="m1"><p class="body">a</p></div><div class="reply" id="r2"><p class="body">b</p></div>' +
        '<div class="reply"><p class="body">same text</p></div><div class="reply"><p class="body">same text</p></div>',
    );
    const ids = findReplies(site, doc).map((reply) => reply.id);
    expect(ids.slice(0, 2)).toEqual(['m1', 'r2']);
    expect(ids[2]).toMatch(/^r2-[0-9a-z]+$/);
    expect(ids[3]).toMatch(/^r3-[0-9a-z]+$/);
    expect(ids[2]?.slice(3)).toBe(ids[3]?.slice(3));
    const hooked = findReplies(
      { ...site, replyId: (reply) => reply.getAttribute('data-message-id') ?? undefined },
      doc,
    );
    expect(hooked[0]?.id).toBe('m1');
  });
});

describe('findReplies with a read cache, while a reply streams', () => {
  const CONVERSATION =
    '<main id="thread"><div class="reply" id="r1"><div class="body"><p>First answer.</p></div></div>' +
    '<div class="reply" id="r2"><div class="body"><p>Second answer.</p></div></div>' +
    '<div class="reply" id="r3" data-busy="true"><div class="body"><p id="tail">Streaming</p></div></div></main>';

  /** Reads with the cache, applies `mutate`, reads again with and without it. */
  async function readAfter(mutate: (doc: Document) => void) {
    const doc = page(CONVERSATION);
    const cache = new ReadCache();
    cache.beginRead([]);
    const before = findReplies(site, doc, cache);
    const { changed, parents } = await observeMutations(doc, mutate);
    cache.beginRead(changed, parents);
    return { before, cached: findReplies(site, doc, cache), fresh: findReplies(site, doc) };
  }

  const summary = (replies: ReturnType<typeof findReplies>) => replies.map((r) => [r.id, r.text.text, r.isStreaming]);

  it('reuses the replies nothing changed in and re-reads the one that grew', async () => {
    const { before, cached, fresh } = await readAfter((doc) => doc.querySelector('#tail')?.append(' words'));
    expect(summary(cached)).toEqual(summary(fresh));
    expect(cached[0]?.text).toBe(before[0]?.text);
    expect(cached[1]?.text).toBe(before[1]?.text);
    expect(cached[2]?.text.text).toBe('Streaming words');
  });

  it.each<[string, (doc: Document) => void]>([
    ['an earlier reply edited', (doc) => doc.querySelector('#r1 p')?.append(' Edited.')],
    ['an earlier reply starting to stream (regenerate)', (doc) => doc.querySelector('#r1')?.setAttribute('data-busy', 'true')],
    ['the streaming signal gone', (doc) => doc.querySelector('#r3')?.removeAttribute('data-busy')],
    ['a paragraph of an earlier reply excluded', (doc) => doc.querySelector('#r2 p')?.classList.add('chip')],
    ['a class set on the thread around the replies', (doc) => doc.querySelector('#thread')?.classList.add('chip')],
    ['a new reply added', (doc) => {
      const reply = Object.assign(doc.createElement('div'), { className: 'reply' });
      reply.append(Object.assign(doc.createElement('div'), { className: 'body', textContent: 'New' }));
      doc.querySelector('#thread')?.append(reply);
    }],
    ['a reply removed', (doc) => doc.querySelector('#r2')?.remove()],
    ['a reply remounted as a new node', (doc) => doc.querySelector('#r1')?.replaceWith(doc.querySelector('#r1')?.cloneNode(true) as Node)],
  ])('reads what a fresh read does after %s', async (_name, mutate) => {
    const { cached, fresh } = await readAfter(mutate);
    expect(summary(cached)).toEqual(summary(fresh));
  });
});

describe('makeGenericSite', () => {
  it('reads every match of the user selector on the origin', () => {
    const generic = makeGenericSite('https://bot.example/app', '.answer');
    expect(generic.matches).toEqual(['https://bot.example/*']);
    expect(matchesPattern(generic.matches[0] ?? '', 'https://bot.example/chat/1')).toBe(true);
    const replies = findReplies(
      generic,
      page(
        '<p class="question">q</p><div class="answer"><p>One</p><button>Copy</button></div><div class="answer">Two</div>',
      ),
    );
    expect(replies.map((reply) => reply.text.text)).toEqual(['One', 'Two']);
  });
});

describe('matchesPattern', () => {
  it.each([
    ['https://*.example.com/*', 'https://example.com/', true],
    ['https://*.example.com/*', 'https://a.b.example.com/x?y=1', true],
    ['https://*.example.com/*', 'https://badexample.com/', false],
    ['https://example.com/*', 'https://www.example.com/', false],
    ['https://example.com/chat/*', 'https://example.com/chat/1', true],
    ['https://example.com/chat/*', 'https://example.com/other', false],
    ['*://example.com/*', 'http://example.com/', true],
    ['*://example.com/*', 'ftp://example.com/', false],
    ['not a pattern', 'https://example.com/', false],
  ])('%s matches %s: %s', (pattern, url, expected) => {
    expect(matchesPattern(pattern, url)).toBe(expected);
  });
});
