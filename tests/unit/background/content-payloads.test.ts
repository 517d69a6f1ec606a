import { describe, expect, it } from 'vitest';
import {
  checkPageOpened,
  checkPageScanned,
  checkReplyChanged,
  checkReplyPicked,
  isPageUrlOf,
  isSiteOfPage,
  MAX_REPLY_CHARS,
} from '../../../src/background/content-payloads';

const PAGE = 'https://chatgpt.com/c/1';

const validReply = {
  siteId: 'chatgpt',
  replyId: 'msg-1',
  revision: 3,
  change: { kind: 'whole', text: 'The keeper climbed the steps.' },
  isComplete: false,
  url: PAGE,
};

const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error?.code);

describe('the URL a content script reports', () => {
  it.each([
    ['the page itself', PAGE, true],
    ['the page after an SPA navigation', 'https://chatgpt.com/c/2?model=x', true],
    ['the page with a fragment', 'https://chatgpt.com/c/1#reply-4', true],
    ['a javascript: URL', 'javascript:alert(1)', false],
    ['a data: URL', 'data:text/html,<b>x</b>', false],
    ['another site', 'https://evil.example/c/1', false],
    ['another port of the same host', 'https://chatgpt.com:8443/c/1', false],
    ['plain http of an https page', 'http://chatgpt.com/c/1', false],
    ['not a URL', 'chatgpt.com/c/1', false],
    ['a URL longer than 4096 characters', `${PAGE}?q=${'a'.repeat(5000)}`, false],
    ['a number', 42, false],
  ])('accepts %s: %s', (_name, url, expected) => {
    expect(isPageUrlOf(url, PAGE)).toBe(expected);
  });
});

describe('the site id a content script reports', () => {
  it.each([
    ['the built-in adapter of the page', 'chatgpt', PAGE, true],
    ['a built-in adapter of another site', 'claude', PAGE, false],
    ['an unknown id', 'evil', PAGE, false],
    ['an inherited property name', 'constructor', PAGE, false],
    [
      'the generic adapter of the page host',
      'generic:example.com:8080',
      'http://example.com:8080/x',
      true,
    ],
    ['the generic adapter of another host', 'generic:other.com', 'https://example.com/', false],
    ['a number', 1, PAGE, false],
  ])('accepts %s: %s', (_name, siteId, senderUrl, expected) => {
    expect(isSiteOfPage(siteId, senderUrl)).toBe(expected);
  });
});

describe('checking replyChanged field by field', () => {
  it('accepts a valid message and returns exactly its fields', () => {
    expect(checkReplyChanged({ ...validReply, extra: 'dropped' }, PAGE)).toEqual({
      ok: true,
      value: validReply,
    });
  });

  it('accepts a tail change within its base', () => {
    const change = { kind: 'tail', baseRevision: 2, baseLength: 10, keep: 10, tail: '!' };
    expect(code(checkReplyChanged({ ...validReply, change }, PAGE))).toBe('ok');
  });

  it.each([
    ['a payload that is not an object', null],
    ['a missing siteId', { ...validReply, siteId: undefined }],
    ['the siteId of another site', { ...validReply, siteId: 'gemini' }],
    ['a javascript: url', { ...validReply, url: 'javascript:alert(document.cookie)' }],
    ['a url of another origin', { ...validReply, url: 'https://evil.example/' }],
    ['an empty replyId', { ...validReply, replyId: '' }],
    ['a replyId over 512 characters', { ...validReply, replyId: 'r'.repeat(513) }],
    ['a replyId with a control character', { ...validReply, replyId: 'a\u0000b' }],
    ['a replyId that is a number', { ...validReply, replyId: 7 }],
    ['a negative revision', { ...validReply, revision: -1 }],
    ['a fractional revision', { ...validReply, revision: 1.5 }],
    ['an infinite revision', { ...validReply, revision: Infinity }],
    ['a NaN revision', { ...validReply, revision: NaN }],
    ['isComplete as a string', { ...validReply, isComplete: 'yes' }],
    ['a change of unknown kind', { ...validReply, change: { kind: 'diff', text: 'x' } }],
    ['a whole change without text', { ...validReply, change: { kind: 'whole' } }],
    [
      'a tail that keeps more than its base',
      {
        ...validReply,
        change: { kind: 'tail', baseRevision: 1, baseLength: 4, keep: 5, tail: '' },
      },
    ],
    [
      'a tail with a negative keep',
      {
        ...validReply,
        change: { kind: 'tail', baseRevision: 1, baseLength: 4, keep: -1, tail: '' },
      },
    ],
    [
      'a tail with a fractional base revision',
      {
        ...validReply,
        change: { kind: 'tail', baseRevision: 0.5, baseLength: 4, keep: 1, tail: '' },
      },
    ],
    [
      'a tail without its tail',
      { ...validReply, change: { kind: 'tail', baseRevision: 1, baseLength: 4, keep: 1 } },
    ],
  ])('rejects %s', (_name, payload) => {
    expect(code(checkReplyChanged(payload, PAGE))).toBe('bad-payload');
  });

  it('rejects a text over the size limit as too large', () => {
    const change = { kind: 'whole', text: 'a'.repeat(MAX_REPLY_CHARS + 1) };
    expect(code(checkReplyChanged({ ...validReply, change }, PAGE))).toBe('too-large');
  });

  it('accepts a replyId of exactly 512 characters', () => {
    expect(code(checkReplyChanged({ ...validReply, replyId: 'r'.repeat(512) }, PAGE))).toBe('ok');
  });
});

describe('checking the page messages field by field', () => {
  const opened = { siteId: 'chatgpt', url: PAGE };
  const scanned = { ...opened, replyCount: 4 };

  it('accepts valid pageOpened and pageScanned messages', () => {
    expect(checkPageOpened(opened, PAGE)).toEqual({ ok: true, value: opened });
    expect(checkPageScanned(scanned, PAGE)).toEqual({ ok: true, value: scanned });
  });

  it.each([
    ['no payload', undefined],
    ['an unknown site', { ...opened, siteId: 'nope' }],
    ['a javascript: url', { ...opened, url: 'javascript:void 0' }],
    ['a url of another origin', { ...opened, url: 'https://claude.ai/' }],
  ])('rejects pageOpened with %s', (_name, payload) => {
    expect(code(checkPageOpened(payload, PAGE))).toBe('bad-payload');
  });

  it('takes the practice site id from the practice chat page only, with its own URL', () => {
    const practice = 'chrome-extension://abc/src/practice/index.html';
    const payload = { siteId: 'practice', url: practice };
    expect(checkPageOpened(payload, practice)).toEqual({ ok: true, value: payload });
    expect(code(checkPageOpened(payload, PAGE))).toBe('bad-payload');
    expect(code(checkPageOpened({ ...payload, url: PAGE }, practice))).toBe('bad-payload');
    expect(code(checkPageOpened(opened, practice))).toBe('bad-payload');
  });

  it('passes repliesMissing only as a boolean, and only with no reply found', () => {
    const missing = { ...opened, replyCount: 0, repliesMissing: true };
    expect(checkPageScanned(missing, PAGE)).toEqual({ ok: true, value: missing });
    expect(checkPageScanned({ ...scanned, repliesMissing: true }, PAGE)).toEqual({
      ok: true,
      value: { ...scanned, repliesMissing: false },
    });
    expect(code(checkPageScanned({ ...missing, repliesMissing: 'yes' }, PAGE))).toBe('bad-payload');
  });

  it.each([
    ['a negative count', -1],
    ['a fractional count', 1.5],
    ['an absurd count', 1e12],
    ['a string count', '3'],
  ])('rejects pageScanned with %s', (_name, replyCount) => {
    expect(code(checkPageScanned({ ...scanned, replyCount }, PAGE))).toBe('bad-payload');
    expect(code(checkPageScanned({ ...scanned, url: 'ftp://chatgpt.com/' }, PAGE))).toBe(
      'bad-payload',
    );
  });
});

describe('checking replyPicked field by field', () => {
  const SITE = 'https://chat.example.com/c/1';
  const picked = { origin: 'https://chat.example.com', replySelector: 'div.answer', matchCount: 3 };

  it('accepts a valid pick of the page own origin', () => {
    expect(checkReplyPicked(picked, SITE)).toEqual({ ok: true, value: picked });
  });

  it.each([
    ['an origin with a path', { ...picked, origin: 'https://chat.example.com/x' }],
    ['a selector with rule text', { ...picked, replySelector: 'div{color:red}' }],
    ['a negative match count', { ...picked, matchCount: -2 }],
    ['a missing match count', { ...picked, matchCount: undefined }],
  ])('rejects %s', (_name, payload) => {
    expect(code(checkReplyPicked(payload, SITE))).toBe('bad-payload');
  });

  it('refuses a pick for another origin than the sending page', () => {
    expect(code(checkReplyPicked({ ...picked, origin: 'https://bank.example' }, SITE))).toBe(
      'forbidden-sender',
    );
  });
});
