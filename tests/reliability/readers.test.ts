// Hostile files for every reader: pathological text must take linear time (a 1 MB input at most
// a generous multiple of a 100 KB one of the same kind), and zip bombs must be refused.
import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { importDocx } from '../../src/library/import/docx';
import { importEpub } from '../../src/library/import/epub';
import { importHtml } from '../../src/library/import/html';
import { importMarkdown } from '../../src/library/import/markdown';
import { importPdf } from '../../src/library/import/pdf';
import { importTxt } from '../../src/library/import/txt';
import type { ImportSource } from '../../src/library/import/types';
import {
  deflatedZeros,
  docxFrame,
  epubFrame,
  makeDocx,
  makeEpub,
  makePdf,
  rawZip,
  type RawEntry,
  xhtml,
} from './make-packages';

const KB = 1024;
const MB = 1024 * KB;
// Linear code measured 10-50 here on a loaded 2-core machine (a 1 MB string falls out of the
// caches a 100 KB one fits in); the quadratic heading regex this replaced gave thousands.
const MAX_GROWTH = 60;

type Make = (size: number) => Uint8Array;
type Read = (source: ImportSource) => unknown;

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

const READERS: ReadonlyArray<[string, Read, ReadonlyArray<[string, Make]>]> = [
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

async function secondsToRead(read: Read, bytes: Uint8Array): Promise<number> {
  const started = performance.now();
  try {
    await read({ name: 'x', bytes });
  } catch {
    // A refusal is fine here; only the time it takes matters.
  }
  return (performance.now() - started) / 1000;
}

// The quickest of a few rounds, so that a pause for another job on the machine does not count;
// a round reads its input `times` times, so a small input's garbage is collected in it too.
async function quickest(
  rounds: number,
  times: number,
  read: Read,
  bytes: Uint8Array,
): Promise<number> {
  let best = Infinity;
  for (let round = 0; round < rounds; round++) {
    let total = 0;
    for (let i = 0; i < times; i++) total += await secondsToRead(read, bytes);
    best = Math.min(best, total / times);
  }
  return best;
}

describe.each(READERS)('the %s reader takes linear time', (_reader, read, cases) => {
  it.each(cases)(
    'on %s',
    async (_case, make) => {
      const small = make(100 * KB);
      const large = make(MB);
      await secondsToRead(read, small);
      // A 2 ms floor: some readers finish 100 KB in 40 µs, where timer and scheduling noise
      // decide the ratio. A quadratic reader still fails: it needs minutes for 1 MB.
      const base = Math.max(await quickest(2, 5, read, small), 0.002);
      const growth = (await quickest(3, 1, read, large)) / base;
      expect(growth).toBeLessThan(MAX_GROWTH);
    },
    120_000,
  );
});

const GB = 1024 * MB;

// Chapters or a Word body of zeros, compressed about 1000:1, declaring any size.
function bomb(names: readonly string[], actualSize: number, declaredSize: number): RawEntry[] {
  const data = deflatedZeros(actualSize);
  return names.map((name) => ({ name, data, method: 8, declaredSize }));
}

// Any reader's throw or rejection becomes a rejection.
const readLater = async (read: Read, bytes: Uint8Array): Promise<unknown> =>
  read({ name: 'bomb', bytes });

const chapters = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => `OEBPS/c${i}.xhtml`);

describe.each([
  ['epub', importEpub, (parts: RawEntry[]) => rawZip([...epubFrame(8), ...parts]), chapters(8)],
  [
    'docx',
    importDocx,
    (parts: RawEntry[]) => rawZip([...docxFrame(), ...parts]),
    ['word/document.xml'],
  ],
] as const)('the %s reader refuses a zip bomb', (_reader, read, pack, names) => {
  it('that declares 1 GB parts, before inflating anything', async () => {
    const bytes = pack(bomb(names, MB, GB));
    const started = performance.now();
    await expect(readLater(read, bytes)).rejects.toMatchObject({
      code: 'too-large',
      message: expect.stringMatching(/unpacks to more than 256 MB/),
    });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('that declares small parts but inflates past the limit, stopping there', async () => {
    const bytes = pack(bomb(names.slice(0, 1), 300 * MB, 1000));
    expect(bytes.length).toBeLessThan(3 * MB);
    await expect(readLater(read, bytes)).rejects.toMatchObject({
      code: 'too-large',
      message: expect.stringMatching(/unpacks to more than 256 MB/),
    });
  }, 60_000);

  it('whose parts together pass 512 MB, each under 256 MB', async () => {
    const parts =
      names.length > 1 ? names.slice(0, 3) : [...names, 'word/media/a.bin', 'word/media/b.bin'];
    const bytes = pack(bomb(parts, 200 * MB, 1000));
    await expect(readLater(read, bytes)).rejects.toMatchObject({
      message: expect.stringMatching(/unpacks to more than 512 MB/),
    });
  }, 60_000);
});
