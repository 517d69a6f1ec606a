import { describe, expect, it } from 'vitest';
import {
  isReplySelector,
  isSiteOrigin,
  originOf,
  originPattern,
  userSiteFor,
} from '../../../src/shared/user-sites';

describe('user site origins and selectors', () => {
  it.each([
    ['https://chat.example.test/c/1?x=2', 'https://chat.example.test'],
    ['http://localhost:8080/', 'http://localhost:8080'],
    ['https://BÜCHER.example/', 'https://xn--bcher-kva.example'],
    ['chrome://extensions/', undefined],
    ['file:///home/me/a.html', undefined],
    ['not a url', undefined],
    [undefined, undefined],
  ])('the origin of %s is %s', (url, origin) => {
    expect(originOf(url)).toBe(origin);
  });

  it.each([
    ['https://chat.example.test', true],
    ['https://chat.example.test/', false],
    ['https://chat.example.test/c', false],
    ['HTTPS://Chat.Example.Test', false],
    ['ftp://example.test', false],
    ['', false],
    [42, false],
  ])('%j is a canonical site origin: %s', (value, expected) => {
    expect(isSiteOrigin(value)).toBe(expected);
  });

  it.each([
    ['div[data-role="assistant"]', true],
    ['#log > div', true],
    ['', false],
    ['   ', false],
    ['div { color: red }', false],
    ['div;', false],
    ['div\nspan', false],
    ['x'.repeat(301), false],
    [null, false],
  ])('%j is an acceptable reply selector: %s', (value, expected) => {
    expect(isReplySelector(value)).toBe(expected);
  });

  it('matches a port-qualified origin with a pattern without the port', () => {
    expect(originPattern('http://localhost:8080')).toBe('http://localhost/*');
    expect(originPattern('https://chat.example.test')).toBe('https://chat.example.test/*');
  });

  it('finds the site of an origin in a mirrored list and ignores malformed entries', () => {
    const list = [
      { origin: 'https://a.test', replySelector: '' },
      { origin: 'https://a.test', replySelector: '.reply' },
      'junk',
    ];
    expect(userSiteFor(list, 'https://a.test')).toEqual({
      origin: 'https://a.test',
      replySelector: '.reply',
    });
    expect(userSiteFor(list, 'https://b.test')).toBeUndefined();
    expect(userSiteFor(undefined, 'https://a.test')).toBeUndefined();
  });
});
