// The scanner's --library reads every format the extension imports, with the extension's readers:
// tiny real files of each format, a reply copying a passage of each, offsets into the text the
// extension makes of the file, and the title and author the file names itself.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../../src/library/import/index';
import {
  deflatedZeros,
  epubFrame,
  makeDocx,
  makeEpub,
  makePdf,
  rawZip,
  xhtml,
  type RawEntry,
} from '../../reliability/make-packages';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const MB = 1024 * 1024;

interface Book {
  file: string;
  passage: string;
  title: string;
  author: string | null;
  bytes: () => Uint8Array;
}

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const metadata = (book: Book) => ({ title: book.title, author: book.author ?? '' });

// Each passage is its own, so each reply span has exactly one source.
const BOOKS: readonly Book[] = [
  {
    file: 'novel.epub',
    passage:
      'The ferryman counted the lanterns twice before he let the travellers climb aboard his narrow boat that night.',
    title: 'The Night Ferry',
    author: 'Ines Varga',
    bytes() {
      return makeEpub([xhtml(`<h1>One</h1><p>${this.passage}</p><p>Coda.</p>`)], metadata(this));
    },
  },
  {
    file: 'memo.docx',
    passage:
      'Every cooper on the quay swore the barrels sang a little when the tide turned against the harbour wall.',
    title: 'Notes from the Quay',
    author: 'Tomas Lind',
    bytes() {
      return makeDocx(`<w:p><w:r><w:t>${this.passage}</w:t></w:r></w:p>`, metadata(this));
    },
  },
  {
    file: 'paper.pdf',
    passage:
      'The beekeepers of the upper valley kept their ledgers in wax so that the winter damp could never reach the ink.',
    title: 'Upper Valley Records',
    author: 'Mara Holt',
    bytes() {
      // Two lines of one paragraph: the reader joins them as the extension does.
      const words = this.passage.split(' ');
      const half = Math.ceil(words.length / 2);
      const lines = [words.slice(0, half).join(' '), words.slice(half).join(' ')];
      return makePdf(lines, metadata(this));
    },
  },
  {
    file: 'page.html',
    passage:
      'Nobody in the glass district remembered who had first painted the lamp posts that peculiar shade of green.',
    title: 'The Glass District',
    author: 'Aurel Dinu',
    bytes() {
      return encode(
        `<!doctype html><html><head><title>${this.title}</title><meta name="author" content="${this.author}"></head><body><nav>Home</nav><p>${this.passage.replace('green', '<em>green</em>')}</p></body></html>`,
      );
    },
  },
  {
    file: 'pg99-the_salt_road.txt',
    passage:
      'The salt road ran along the cliffs for nine miles and the carters sang the whole way to keep the gulls away.',
    title: 'The Salt Road',
    author: 'Edith Crane',
    bytes() {
      return encode(
        `\ufeffThe Project Gutenberg eBook of The Salt Road\r\n\r\nTitle:  The Salt Road\r\n\r\nAuthor: Edith Crane\r\n\r\n*** START OF THE PROJECT GUTENBERG EBOOK 99 ***\r\n\r\n${this.passage}\r\n`,
      );
    },
  },
  {
    file: 'notes.md',
    passage:
      'Her grandmother pressed violets between the pages of the almanac and never once told anyone what they meant.',
    title: 'notes',
    author: null,
    bytes() {
      return encode(`Some notes.\n\n${this.passage}\n`);
    },
  },
];

let dir = '';
let CLI = '';
const file = (name: string): string => path.join(dir, name);

function recital(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recital-formats-'));
  // Built outside the project, where no node_modules can be found: the bundle must run alone.
  const build = spawnSync(
    'npx',
    ['vite', 'build', '-c', 'vite.cli.config.ts', '--outDir', file('cli'), '--logLevel', 'error'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (build.status !== 0) throw new Error(`CLI build failed: ${build.stderr}`);
  CLI = file('cli/recital.js');
  fs.mkdirSync(file('lib/shelf'), { recursive: true });
  for (const book of BOOKS) fs.writeFileSync(file(`lib/shelf/${book.file}`), book.bytes());
  const reply = BOOKS.map((book, i) => `Point ${i + 1}: “${book.passage}”`).join('\n\n');
  fs.writeFileSync(file('reply.txt'), `${reply}\n`);
  fs.mkdirSync(file('bad'));
  fs.writeFileSync(file('bad/not-a-zip.epub'), 'plain words, not a zip');
  // A chapter that declares 1 GB: refused before anything is inflated.
  const bomb: RawEntry = {
    name: 'OEBPS/c0.xhtml',
    data: deflatedZeros(MB),
    method: 8,
    declaredSize: 1024 * MB,
  };
  fs.writeFileSync(file('bad/bomb.epub'), rawZip([...epubFrame(1), bomb]));
}, 180_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('recital scan --library with every format the extension imports', () => {
  it('finds each passage in its own file, with offsets into the file for plain text and into the text the extension reads for the rest', async () => {
    const run = recital(['scan', '--library', 'lib', '--json', 'reply.txt']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const reply = fs.readFileSync(file('reply.txt'), 'utf8');
    const [line] = run.stdout.trim().split('\n');
    const matches = (JSON.parse(line ?? '{}') as { matches: Record<string, unknown>[] }).matches;
    expect(matches.map((m) => m.source)).toEqual(BOOKS.map((book) => `shelf/${book.file}`));
    for (const [i, book] of BOOKS.entries()) {
      const match = matches[i] as Record<string, number | string | null>;
      expect([match.title, match.author]).toEqual([book.title, book.author]);
      const isPlain = /\.(txt|md)$/.test(book.file);
      // A plain-text file is sliced as a UTF-8 read of it gives it (BOM kept, as Node's 'utf8');
      // other formats in the text their reader extracts.
      const text = isPlain
        ? new TextDecoder('utf-8', { ignoreBOM: true }).decode(book.bytes())
        : (await importFile({ name: book.file, bytes: book.bytes() })).text;
      const copied = reply.slice(match.replyStart as number, match.replyEnd as number);
      const source = text.slice(match.sourceStart as number, match.sourceEnd as number);
      expect(source.replace(/\s+/g, ' ')).toBe(copied);
      expect(book.passage).toContain(copied);
    }
  });

  it('names title and author where the report names a source', () => {
    const run = recital(['scan', '--library', 'lib/shelf/memo.docx', 'reply.txt']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('from memo.docx, “Notes from the Quay” by Tomas Lind, characters');
  });

  it('skips a damaged file and a zip bomb with the readers’ own reasons, exiting 1', () => {
    const run = recital(['scan', '--library', 'lib', '--library', 'bad', '--json', 'reply.txt']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'skipped library file bad/bomb.epub: This EPUB unpacks to more than 256 MB',
    );
    expect(run.stderr).toContain(
      'skipped library file bad/not-a-zip.epub: This EPUB file is damaged',
    );
    const [line] = run.stdout.trim().split('\n');
    expect((JSON.parse(line ?? '{}') as { matches: unknown[] }).matches).toHaveLength(BOOKS.length);
  });

  it('reads a text again when it is no longer in memory, with the same offsets', () => {
    const args = ['scan', '--library', 'lib', '--json', 'reply.txt'];
    const cached = recital(args).stdout;
    const spawned = spawnSync(process.execPath, [CLI, ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, RECITAL_TEXT_CACHE_MB: '0' },
    });
    expect(spawned.stderr).toBe('');
    expect(spawned.stdout).toBe(cached);
  });
});
