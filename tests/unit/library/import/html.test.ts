import { describe, expect, it } from 'vitest';
import { importHtml } from '../../../../src/library/import/html';
import {
  FIRST_PARAGRAPH,
  FIXTURE_AUTHOR,
  FIXTURE_TITLE,
  readFixture,
  SECOND_PARAGRAPH,
  THIRD_PARAGRAPH,
} from './read-fixture';

const page = (markup: string, name = 'page.html') => ({
  name,
  bytes: new TextEncoder().encode(markup),
});

describe('importHtml', () => {
  it('reads the body as paragraphs with title and author from the head', () => {
    const doc = importHtml(readFixture('sample.html'));
    expect(doc).toMatchObject({ title: FIXTURE_TITLE, author: FIXTURE_AUTHOR, format: 'html' });
    expect(doc.text.split('\n\n')).toEqual([
      'Chapter One',
      FIRST_PARAGRAPH,
      SECOND_PARAGRAPH,
      THIRD_PARAGRAPH,
      'First line of a poem\nsecond line of a poem',
      'Red sand',
      'Blue ash',
    ]);
  });

  it.each([
    ['scripts', '<p>kept</p><script>lost()</script>'],
    ['styles', '<style>p{}</style><p>kept</p>'],
    ['navigation', '<nav><a href="/">lost</a></nav><p>kept</p>'],
    [
      'templates and form controls',
      '<template><p>lost</p></template><p>kept</p><textarea>lost</textarea>',
    ],
  ])('drops %s', (_label, body) => {
    expect(importHtml(page(`<html><body>${body}</body></html>`)).text).toBe('kept');
  });

  it.each([
    ['the first h1 when there is no <title>', '<body><h1>The Loft</h1><p>x</p></body>', 'The Loft'],
    ['the file name when there is neither', '<body><p>x</p></body>', 'quillon street notes'],
    [
      'a <title> over an h1',
      '<head><title>Head Title</title></head><body><h1>Body</h1></body>',
      'Head Title',
    ],
  ])('takes the title from %s', (_label, markup, title) => {
    expect(importHtml(page(`<html>${markup}</html>`, 'quillon_street-notes.htm')).title).toBe(
      title,
    );
  });

  it.each([
    ['inline tags stay inside their paragraph', '<p>a <em>b</em> <a href="#">c</a></p>', 'a b c'],
    ['whitespace collapses outside <pre>', '<p>a\n   b\t c</p>', 'a b c'],
    ['<pre> keeps its line breaks', '<pre>a\n  b</pre>', 'a\nb'],
    [
      'table rows become paragraphs',
      '<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>',
      'a b\n\nc',
    ],
    [
      'text outside any block still counts',
      'loose <b>text</b><p>para</p>tail',
      'loose text\n\npara\n\ntail',
    ],
  ])('%s', (_label, body, text) => {
    expect(importHtml(page(`<body>${body}</body>`)).text).toBe(text);
  });

  it.each([
    [
      'named, numeric and hex references',
      '<p>caf&eacute; &#8220;x&#x201D; &mdash; a&amp;b</p>',
      'café “x” — a&b',
    ],
    [
      'legacy names without a semicolon, as browsers read them',
      '<p>&copy 2024 &notit;</p>',
      '© 2024 ¬it;',
    ],
    ['unknown names as written', '<p>&nosuch; AT&T</p>', '&nosuch; AT&T'],
    ['C1 references as Windows-1252', '<p>&#150;&#151;</p>', '–—'],
    [
      'script text holding markup',
      '<p>a</p><script>if (a<b) x = "</p><p>lost";</script><p>b</p>',
      'a\n\nb',
    ],
    [
      'comments, doctypes and processing instructions',
      '<!DOCTYPE html><?x y?><p>a<!-- <p>lost</p> -->b</p>',
      'ab',
    ],
    [
      'unclosed paragraphs and list items',
      '<p>one<p>two<ul><li>three<li>four</ul>',
      'one\n\ntwo\n\nthree\n\nfour',
    ],
    ['a stray end tag', '<p>a</i></div>b</p>', 'a\n\nb'],
    ['a lone < in text', '<p>1 < 2 and 3 <4</p>', '1 < 2 and 3 <4'],
    ['quoted > inside an attribute', '<p title="a > b">kept</p>', 'kept'],
    ['a tag cut off by the end of the file', '<p>kept</p><p class="x', 'kept'],
  ])('reads %s', (_label, body, text) => {
    expect(importHtml(page(`<html><body>${body}</body></html>`)).text).toBe(text);
  });

  it('reads the body of a page whose head is never closed', () => {
    const doc = importHtml(page('<html><head><title>T</title><body><p>x</p>'));
    expect(doc).toMatchObject({ title: 'T', text: 'x' });
  });

  it('reads the author from a meta tag in any letter case, with references decoded', () => {
    const markup = '<head><META NAME="Author" CONTENT="Zo&euml; Ng"></head><p>x</p>';
    expect(importHtml(page(markup)).author).toBe('Zoë Ng');
  });

  it.each([
    [
      'ISO-8859-7 (Greek)',
      '<meta charset="iso-8859-7">',
      [0xca, 0xe1, 0xeb, 0xe7, 0xec, 0xdd, 0xf1, 0xe1],
      'Καλημέρα',
    ],
    [
      'Windows-1252 in the http-equiv form',
      '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">',
      [0x93, 0x43, 0x61, 0x66, 0xe9, 0x94],
      '“Café”',
    ],
    [
      'an unknown charset, read as Windows-1252',
      '<meta charset="x-no-such-charset">',
      [0x43, 0x61, 0x66, 0xe9],
      'Café',
    ],
  ])('decodes a legacy page declaring %s', (_label, meta, textBytes, text) => {
    const head = new TextEncoder().encode(`<html><head>${meta}</head><body><p>`);
    const tail = new TextEncoder().encode('</p></body></html>');
    const bytes = new Uint8Array([...head, ...textBytes, ...tail]);
    expect(importHtml({ name: 'old.html', bytes }).text).toBe(text);
  });

  it('refuses a page with only markup and no text', () => {
    expect(() =>
      importHtml(
        page('<html><head><title>T</title></head><body><script>x()</script></body></html>'),
      ),
    ).toThrow(expect.objectContaining({ code: 'empty' }));
  });
});
