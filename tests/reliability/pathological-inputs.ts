// The pathological inputs of every reader, at any size: shared by the reliability test (1 MB
// each, read to a clear outcome) and the readers bench (100 KB against 1 MB, the growth printed).
import { strToU8 } from 'fflate';
import { importDocx } from '../../src/library/import/docx';
import { importEpub } from '../../src/library/import/epub';
import { importHtml } from '../../src/library/import/html';
import { importMarkdown } from '../../src/library/import/markdown';
import { importPdf } from '../../src/library/import/pdf';
import { importTxt } from '../../src/library/import/txt';
import type { ImportSource } from '../../src/library/import/types';
import { makeDocx, makeEpub, makePdf, xhtml } from './make-packages';

export type Make = (size: number) => Uint8Array;
export type Read = (source: ImportSource) => unknown;

const text =
  (make: (size: number) => string): Make =>
  (size) =>
    strToU8(make(size));
const run = (unit: string, size: number): string => unit.repeat(Math.ceil(size / unit.length));

const TEXT_CASES: ReadonlyArray<[string, Make]> = [
  ['a heading line of spaces', text((n) => `# a${' '.repeat(n)}x`)],
  ['a run of #', text((n) => run('#', n))],
  ['a run of <', text((n) => `x${run('<', n)}`)],
  ['a run of *', text((n) => `x${run('*', n)}`)],
  ['a run of _', text((n) => `x${run('_', n)}`)],
  ['heading markers and spaces', text((n) => run('# #  ', n))],
  ['blank lines', text((n) => `x${run('\n', n)}x`)],
  ['CRLF blank lines with spaces', text((n) => `x${run(' \t\r\n', n)}x`)],
  ['unclosed front matter', text((n) => `---\n${run('\n--- ', n)}x`)],
  ['front matter of spaces', text((n) => `---\ntitle:${' '.repeat(n)}"\n---\nx`)],
];

// Elements stay few per kilobyte and nesting shallow: happy-dom's parser, standing in for the
// browser's here, takes about 30 µs an element, 17 s for 1 MB of nested <div>s, and runs out of
// memory on 1 MB of unclosed <b><i> (it nests them).
const HTML_CASES: ReadonlyArray<[string, (size: number) => string]> = [
  ['nested tags', (n) => run(`<div><p><b><i>${'x '.repeat(1000)}</i></b></p></div>`, n)],
  ['many sibling paragraphs', (n) => `<div>${run(`<p>${'y '.repeat(500)}</p>`, n)}</div>`],
  ['a run of <', (n) => `<p>x${run('&lt;', n)}</p>`],
  ['spaces in a paragraph', (n) => `<p>a${' '.repeat(n)}b</p>`],
  ['a preformatted block of spaces and lines', (n) => `<pre>a${run(' \n', n)}b</pre>`],
  ['a meta tag of spaces', (n) => `<meta${' '.repeat(n)}x>y`],
];

export const READERS: ReadonlyArray<[string, Read, ReadonlyArray<[string, Make]>]> = [
  ['txt', importTxt, TEXT_CASES],
  ['md', importMarkdown, TEXT_CASES],
  ['html', importHtml, HTML_CASES.map(([name, make]): [string, Make] => [name, text(make)])],
  [
    'epub',
    importEpub,
    // Not the meta tag: XHTML that is not well-formed is parsed again as HTML, and happy-dom
    // takes minutes over 1 MB of blanks inside a tag there.
    HTML_CASES.slice(0, -1).map(([name, make]): [string, Make] => [
      name,
      (n) => makeEpub([xhtml(make(n))]),
    ]),
  ],
  [
    'docx',
    importDocx,
    [
      [
        'a run of spaces',
        (n) => makeDocx(`<w:p><w:r><w:t xml:space="preserve">a${' '.repeat(n)}b</w:t></w:r></w:p>`),
      ],
      ['many runs', (n) => makeDocx(`<w:p>${run('<w:r><w:t>x</w:t></w:r>', n)}</w:p>`)],
      ['many paragraphs', (n) => makeDocx(run('<w:p><w:r><w:t>x</w:t></w:r></w:p>', n))],
    ],
  ],
  [
    'pdf',
    importPdf,
    [
      ['hyphenated lines of one paragraph', (n) => makePdf(Array<string>(n / 8).fill('word-'))],
      ['a line of spaces', (n) => makePdf([`a${' '.repeat(n)}b`])],
      ['lines without a sentence end', (n) => makePdf(Array<string>(n / 8).fill('abc def'))],
    ],
  ],
];
