import { describe, expect, it } from 'vitest';
import { findReplies, queryFirstMatching } from '../../src/content/replies/find-replies';
import { isReplyId } from '../../src/shared/reply-id';
import { makeGenericSite } from '../../src/sites/generic';
import { matchesPattern } from '../../src/sites';
import { page, site } from './test-site';

describe('findReplies', () => {
  it('uses the first selector of a fallback list that matches', () => {
    const doc = page('<div class="a">1</div><div class="b">2</div><div class="b">3</div>');
    expect(queryFirstMatching(doc, ['.none', '.b', '.a']).map((el) => el.textContent)).toEqual([
      '2',
      '3',
    ]);
    expect(queryFirstMatching(doc, ['.none'])).toEqual([]);
  });

  it('prefers a later selector whose candidates hold text over an earlier one matching only empty placeholders', () => {
    const doc = page(
      '<div class="b"> </div><div class="b"><span></span></div><div class="a">1</div><div class="a">2</div>',
    );
    expect(queryFirstMatching(doc, ['.b', '.a']).map((el) => el.textContent)).toEqual(['1', '2']);
    // No candidate holds text: the first selector that matches still names the (empty) replies.
    expect(queryFirstMatching(doc, ['.none', '.b']).length).toBe(2);
  });

  it('paints the reply a later selector finds while the first matches an empty placeholder (Perplexity layout change)', async () => {
    const { site: perplexity } = await import('../../src/sites/perplexity');
    const doc = page(
      '<div id="markdown-content-0"></div>' +
        '<div class="prose dark:prose-invert inline"><div data-renderer="lm"><p>The reply text.</p></div></div>',
    );
    expect(findReplies(perplexity, doc).map((reply) => reply.text.text)).toEqual([
      'The reply text.',
    ]);
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

  it('bounds an id the background would refuse, so its reply is still scanned', () => {
    const long = 'm'.repeat(2000);
    const doc = page(
      `<div class="reply" data-message-id="${long}1"><p class="body">a</p></div>` +
        `<div class="reply" data-message-id="${long}2"><p class="body">b</p></div>`,
    );
    const ids = findReplies(site, doc).map((reply) => reply.id);
    expect(ids.every((id) => isReplyId(id))).toBe(true);
    expect(new Set(ids).size).toBe(2);
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
