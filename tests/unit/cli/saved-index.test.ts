// `recital index` and `scan --index`: a scan with a saved index gives exactly the output of a scan
// that indexes the library anew, also after library files changed, appeared or vanished; an index
// that cannot be used is refused with a message saying how to make it again.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDocx, makeEpub, makePdf, xhtml } from '../../reliability/make-packages';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

const PASSAGES = {
  epub: 'The ferryman counted the lanterns twice before he let the travellers climb aboard his narrow boat that night.',
  docx: 'Every cooper on the quay swore the barrels sang a little when the tide turned against the harbour wall.',
  pdf: 'The beekeepers of the upper valley kept their ledgers in wax so that the winter damp could never reach the ink.',
  html: 'Nobody in the glass district remembered who had first painted the lamp posts that peculiar shade of green.',
  txt: 'The salt road ran along the cliffs for nine miles and the carters sang the whole way to keep the gulls away.',
  md: 'Her grandmother pressed violets between the pages of the almanac and never once told anyone what they meant.',
  more: 'A second shelf kept the sea charts of the northern bays rolled tight in oilcloth against the creeping damp.',
};
const NEW_NOTE =
  'In the spring she added a page about the heron that fished below the mill race every morning at first light.';

/** A mixed library in `root`: every format, and a second library whose file has a taken name. */
function writeLibrary(root: string): void {
  fs.mkdirSync(path.join(root, 'lib/shelf'), { recursive: true });
  fs.mkdirSync(path.join(root, 'more'), { recursive: true });
  const meta = { title: 'A Book', author: 'Ines Varga' };
  const files: Record<string, Uint8Array> = {
    'lib/shelf/novel.epub': makeEpub([xhtml(`<p>${PASSAGES.epub}</p><p>Coda.</p>`)], meta),
    'lib/shelf/memo.docx': makeDocx(`<w:p><w:r><w:t>${PASSAGES.docx}</w:t></w:r></w:p>`, meta),
    'lib/shelf/paper.pdf': makePdf([PASSAGES.pdf], meta),
    'lib/shelf/page.html': encode(
      `<html><head><title>The Glass District</title></head><body><p>${PASSAGES.html}</p></body></html>`,
    ),
    'lib/shelf/salt-road.txt': encode(`Title: The Salt Road\r\n\r\n${PASSAGES.txt}\r\n`),
    'lib/notes.md': encode(`Some notes.\n\n${PASSAGES.md}\n`),
    'more/notes.md': encode(`Other notes.\n\n${PASSAGES.more}\n`),
  };
  for (const [name, bytes] of Object.entries(files)) fs.writeFileSync(path.join(root, name), bytes);
  const reply = [...Object.values(PASSAGES), NEW_NOTE].map((p, i) => `${i + 1}. “${p}”`);
  fs.writeFileSync(path.join(root, 'reply.txt'), reply.join('\n\n') + '\n');
}

let dir = '';
let CLI = '';

function recital(
  cwd: string,
  args: string[],
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh copy of the mixed library in its own folder, and the arguments that scan it. */
function freshLibrary(name: string): { root: string; libraries: string[] } {
  const root = path.join(dir, name);
  writeLibrary(root);
  return { root, libraries: ['--library', 'lib', '--library', 'more'] };
}

function sources(stdout: string): string[] {
  const line = JSON.parse(stdout) as { matches: { source: string }[] };
  return line.matches.map((m) => m.source);
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recital-saved-index-'));
  const build = spawnSync(
    'npx',
    [
      'vite',
      'build',
      '-c',
      'vite.cli.config.ts',
      '--outDir',
      path.join(dir, 'cli'),
      '--logLevel',
      'error',
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (build.status !== 0) throw new Error(`CLI build failed: ${build.stderr}`);
  CLI = path.join(dir, 'cli/recital.js');
}, 180_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('recital index, then scan --index', () => {
  it('gives the same --json output as a scan that indexes the library anew', () => {
    const { root, libraries } = freshLibrary('same');
    const made = recital(root, ['index', ...libraries, '--out', 'library.idx']);
    expect(made.status).toBe(0);
    expect(made.stderr).toMatch(/indexed 7 documents .* into library\.idx/);
    expect(fs.readdirSync(root).filter((f) => f.includes('.tmp'))).toEqual([]);
    const fresh = recital(root, ['scan', ...libraries, '--json', 'reply.txt']);
    const saved = recital(root, [
      'scan',
      ...libraries,
      '--index',
      'library.idx',
      '--json',
      'reply.txt',
    ]);
    expect(saved).toEqual(fresh);
    expect(fresh.status).toBe(0);
    expect(new Set(sources(fresh.stdout))).toEqual(
      new Set([
        'shelf/novel.epub',
        'shelf/memo.docx',
        'shelf/paper.pdf',
        'shelf/page.html',
        'shelf/salt-road.txt',
        'notes.md',
        'notes.md (2)',
      ]),
    );
    const readable = ['scan', ...libraries, 'reply.txt'];
    expect(recital(root, [...readable, '--index', 'library.idx'])).toEqual(recital(root, readable));
  });

  it('notices files changed, added and removed since, and still matches a fresh scan', () => {
    const { root, libraries } = freshLibrary('changed');
    expect(recital(root, ['index', ...libraries, '--out', 'library.idx']).status).toBe(0);
    const at = (name: string): string => path.join(root, name);
    // Changed size: the new sentence is found only if the file is indexed again.
    fs.appendFileSync(at('lib/notes.md'), `\n${NEW_NOTE}\n`);
    // Same size, other bytes, other time: the hash tells.
    const page = fs.readFileSync(at('lib/shelf/page.html'), 'utf8');
    fs.writeFileSync(at('lib/shelf/page.html'), page.replace('lamp posts', 'lamp masts'));
    fs.utimesSync(at('lib/shelf/page.html'), new Date(2001, 1, 1), new Date(2001, 1, 1));
    // Touched only: kept as saved, without a note.
    fs.utimesSync(at('lib/shelf/salt-road.txt'), new Date(2002, 1, 1), new Date(2002, 1, 1));
    fs.rmSync(at('lib/shelf/memo.docx'));
    // A new copy of a saved text, listed before it: a fresh scan names the copy.
    fs.copyFileSync(at('lib/shelf/salt-road.txt'), at('lib/shelf/a-copy.txt'));

    const fresh = recital(root, ['scan', ...libraries, '--json', 'reply.txt']);
    const saved = recital(root, [
      'scan',
      ...libraries,
      '--index',
      'library.idx',
      '--json',
      'reply.txt',
    ]);
    expect(saved.stdout).toBe(fresh.stdout);
    expect(saved.status).toBe(fresh.status);
    expect(sources(fresh.stdout)).toContain('shelf/a-copy.txt');
    expect(sources(fresh.stdout)).not.toContain('shelf/salt-road.txt');
    expect(fresh.stdout).toContain('notes.md');
    const notes = saved.stderr.split('\n').filter(Boolean);
    expect(notes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/a-copy\.txt: new since the index was saved; indexed$/),
        expect.stringMatching(/page\.html: changed since the index was saved; indexed again$/),
        expect.stringMatching(/lib\/notes\.md: changed since the index was saved; indexed again$/),
        expect.stringMatching(
          /shelf\/memo\.docx: no longer in the library; its saved entries are dropped$/,
        ),
        expect.stringMatching(
          /4 library files differed from the index library\.idx; run recital index again/,
        ),
      ]),
    );
    expect(saved.stderr).not.toContain('salt-road');
  });

  it('reads a library of symbolic links the same way with and without the index', () => {
    const root = path.join(dir, 'links');
    writeLibrary(root);
    fs.mkdirSync(path.join(root, 'linked'));
    fs.symlinkSync(path.join(root, 'lib/shelf/novel.epub'), path.join(root, 'linked/book.epub'));
    fs.symlinkSync(path.join(root, 'lib/shelf'), path.join(root, 'linked/shelf'));
    fs.symlinkSync(path.join(root, 'linked'), path.join(root, 'linked/loop'));
    fs.symlinkSync(path.join(root, 'nowhere.txt'), path.join(root, 'linked/broken.txt'));
    const libraries = ['--library', 'linked'];
    const made = recital(root, ['index', ...libraries, '--out', 'links.idx']);
    expect(made.status).toBe(1);
    expect(made.stderr).toMatch(/broken\.txt: a broken symbolic link/);
    const fresh = recital(root, ['scan', ...libraries, '--json', 'reply.txt']);
    const saved = recital(root, [
      'scan',
      ...libraries,
      '--index',
      'links.idx',
      '--json',
      'reply.txt',
    ]);
    expect(saved).toEqual(fresh);
    expect(sources(fresh.stdout)).toEqual(expect.arrayContaining(['book.epub', 'shelf/paper.pdf']));
  });
});

describe('an index that cannot be used', () => {
  let root = '';
  let good = Buffer.alloc(0);
  beforeAll(() => {
    ({ root } = freshLibrary('broken'));
    expect(recital(root, ['index', '--library', 'lib', '--out', 'good.idx']).status).toBe(0);
    good = fs.readFileSync(path.join(root, 'good.idx'));
  });

  // A byte of each 4 kB block of the table's bucket starts, where the file's prefix says they are.
  const flipStarts = (b: Buffer): Buffer => {
    const copy = Buffer.from(b);
    const tableAt = b.length - b.readDoubleLE(32);
    const [startsAt, end] = [tableAt + b.readDoubleLE(40), tableAt + b.readDoubleLE(48)];
    for (let at = startsAt + 2; at < end; at += 4096) copy[at]! ^= 0x40;
    return copy;
  };
  const withU32 = (b: Buffer, at: number, value: number): Buffer => {
    const copy = Buffer.from(b);
    copy.writeUInt32LE(value, at);
    return copy;
  };

  const flip = (at: (length: number) => number) => (b: Buffer) => {
    const copy = Buffer.from(b);
    const i = at(copy.length);
    copy[i] = (copy[i] as number) ^ 0x40;
    return copy;
  };

  it.each<[string, ((b: Buffer) => Buffer) | undefined, RegExp]>([
    ['missing', undefined, /no such index; make it with recital index --library PATH --out/],
    [
      'truncated',
      (b) => b.subarray(0, b.length >> 1),
      /is truncated; make it again with recital index/,
    ],
    ['cut to its first bytes', (b) => b.subarray(0, 20), /is truncated/],
    ['flipped in its header', flip(() => 60), /is damaged; make it again with recital index/],
    [
      'flipped in its postings (checked when a reply first needs them)',
      flip((n) => n - 9),
      /is damaged \(postings block \d+ of \d+ fails its check\)/,
    ],
    [
      'flipped in every block of its bucket starts (checked when a reply first needs them)',
      flipStarts,
      /is damaged \(bucket starts block \d+ of \d+ fails its check\)/,
    ],
    [
      'flipped in its document list',
      (b) => flip(() => b.length - b.readDoubleLE(32) + 70)(b),
      /is damaged \(its table head\)/,
    ],
    ['of another version', flip(() => 8), /was saved by another version of recital/],
    [
      'of version 2 (bucket starts read at open)',
      (b) => withU32(b, 8, 2),
      /was saved by another version of recital \(format 2\.\d+\.\d+, this one reads 3\./,
    ],
    ['longer than it says', (b) => Buffer.concat([b, Buffer.from('x')]), /is damaged \(longer/],
    ['not an index', () => Buffer.from('Once upon a time.\n'), /is not a Recital index/],
    ['empty', () => Buffer.alloc(0), /is not a Recital index/],
  ])(
    'refuses an index file %s with exit status 1 and says how to make it',
    (name, damage, message) => {
      const file = `${name.replace(/\W+/g, '-')}.idx`;
      if (damage) fs.writeFileSync(path.join(root, file), damage(good));
      const run = recital(root, [
        'scan',
        '--library',
        'lib',
        '--index',
        file,
        '--json',
        'reply.txt',
      ]);
      expect(run.status).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toContain(file);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    },
  );

  it('will not write an index over a file that is not one', () => {
    fs.writeFileSync(path.join(root, 'essay.txt'), 'My essay.\n');
    const run = recital(root, ['index', '--library', 'lib', '--out', 'essay.txt']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/essay\.txt: exists and is not a Recital index; not overwritten/);
    expect(fs.readFileSync(path.join(root, 'essay.txt'), 'utf8')).toBe('My essay.\n');
  });

  it.each([
    [['index', '--library', 'lib'], /give the index file to write with --out FILE/],
    [['index', '--out', 'x.idx'], /give at least one --library/],
    [['index', '--library', 'lib', '--out', 'x.idx', 'reply.txt'], /unknown argument reply\.txt/],
    [['scan', '--library', 'lib', '--index'], /--index needs a file/],
  ])('exits 2 on a usage error: %j', (args, message) => {
    const run = recital(root, args);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});
