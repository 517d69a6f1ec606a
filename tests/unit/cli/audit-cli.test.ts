// The built `recital audit` end to end (issue #16, item 4): a catalogue kept as EPUB, DOCX, PDF and
// HTML, made here, and a ChatGPT export, a Claude export and a JSONL log that embed known copies of
// it in assistant replies (and library text in user, system and tool turns, which are never
// scanned). Every planted copy must reach matches.jsonl, matches.csv and report.html under the
// right title, found exactly as `recital scan` finds it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MATCH_FIELDS } from '../../../src/cli/audit-report/match-record';
import { makeDocx, makeEpub, makePdf, xhtml } from '../../reliability/make-packages';
import { parseCsv } from './audit-report/parse-csv';

const ROOT = path.resolve(import.meta.dirname, '../../..');

interface Book {
  file: string;
  title: string;
  author: string;
  passage: string;
  bytes(): Uint8Array;
}

const INTRO = 'A chapter opens here with words found in no reply.';
const CODA = 'The chapter closes quietly and the night goes on.';

// Each passage has words of its own, so a copy has exactly one possible source.
const EPUB: Book = {
  file: 'domes.epub',
  title: 'The Copper Dome',
  author: 'Ilse Morrow',
  passage:
    'Under the copper dome the astronomers argued for three winters about whether the comet had a second silver tail',
  bytes() {
    const body = `<h1>One</h1><p>${INTRO}</p><p>${this.passage}.</p><p>${CODA}</p>`;
    return makeEpub([xhtml(body)], this);
  },
};
const DOCX: Book = {
  file: 'mill.docx',
  title: 'Stones of the Mill',
  author: 'Per Alström',
  passage:
    'The miller kept a wooden box of river stones beneath the grinding floor and named each one after a flood',
  bytes() {
    const p = (text: string) => `<w:p><w:r><w:t>${text}</w:t></w:r></w:p>`;
    return makeDocx(p(INTRO) + p(`${this.passage}.`) + p(CODA), this);
  },
};
const PDF: Book = {
  file: 'canal.pdf',
  title: 'Northern Canal Riddles',
  author: 'Jana Kopp',
  passage:
    'Along the northern canal the lock keepers traded riddles by lantern signal until the frost sealed every gate',
  bytes() {
    const words = `${this.passage}.`.split(' ');
    const half = Math.ceil(words.length / 2);
    const lines = [words.slice(0, half).join(' '), words.slice(half).join(' ')];
    return makePdf(lines, this);
  },
};
const HTML: Book = {
  file: 'tannery.html',
  title: 'The Tannery Quarter',
  author: 'Odile Ferrand',
  passage:
    'In the tannery quarter the children chalked maps of imaginary islands on every door that faced the morning sun and the river mist',
  bytes() {
    return new TextEncoder().encode(
      `<!doctype html><html><head><title>${this.title}</title><meta name="author" content="${this.author}"></head><body><nav>Home</nav><p>${INTRO}</p><p>${this.passage}.</p><p>${CODA}</p></body></html>`,
    );
  },
};
const BOOKS = [EPUB, DOCX, PDF, HTML];
// The 12th of 23 words changed: a near copy with one edit, and no exact run of 12 words in it.
const HTML_NEAR = HTML.passage.replace(' on ', ' upon ');

const quoted = (passage: string): string =>
  `As the book puts it, “${passage}.” I hope that helps with your essay.`;

const node = (id: string, role: string, text: string, parent: string | null, child?: string) => ({
  id,
  message: { id: `msg-${id}`, author: { role }, content: { content_type: 'text', parts: [text] } },
  parent,
  children: child ? [child] : [],
});

const CHATGPT = [
  {
    id: 'c-1',
    title: 'Domes and mills',
    current_node: 'a3',
    mapping: {
      s: node('s', 'system', PDF.passage, null, 'u1'),
      u1: node('u1', 'user', `What does this mean? ${EPUB.passage}`, 's', 'a1'),
      a1: node('a1', 'assistant', quoted(EPUB.passage), 'u1', 'u2'),
      u2: node('u2', 'user', DOCX.passage, 'a1', 'a2'),
      a2: node('a2', 'assistant', quoted(DOCX.passage), 'u2', 't1'),
      t1: node('t1', 'tool', HTML.passage, 'a2', 'a3'),
      a3: node('a3', 'assistant', 'Nothing quoted in this answer, only my own thoughts.', 't1'),
    },
  },
];

const CLAUDE = [
  {
    uuid: 'k-1',
    name: 'Canals',
    chat_messages: [
      { uuid: 'h1', sender: 'human', text: `Please explain: ${PDF.passage}` },
      { uuid: 'r1', sender: 'assistant', text: quoted(PDF.passage) },
      { uuid: 'h2', sender: 'human', text: HTML.passage },
      { uuid: 'r2', sender: 'assistant', text: quoted(HTML_NEAR) },
    ],
  },
];

const JSONL = [
  JSON.stringify({
    id: 'row-1',
    messages: [
      { role: 'system', content: DOCX.passage },
      { role: 'user', content: `Compare: ${HTML.passage} ${EPUB.passage}` },
      {
        role: 'assistant',
        content: `First, ${HTML.passage}. Then, quite differently, ${EPUB.passage}. Both are lovely.`,
      },
    ],
  }),
  JSON.stringify({ prompt: PDF.passage, response: 'A reply of my own making, nothing more.' }),
].join('\n');

// Every copy planted: input file, conversation, message, title, kind.
const PLANTED = [
  ['chatgpt.json', 'c-1', 'msg-a1', EPUB.title, 'exact'],
  ['chatgpt.json', 'c-1', 'msg-a2', DOCX.title, 'exact'],
  ['claude.json', 'k-1', 'r1', PDF.title, 'exact'],
  ['claude.json', 'k-1', 'r2', HTML.title, 'near'],
  ['log.jsonl', 'row-1', '2', HTML.title, 'exact'],
  ['log.jsonl', 'row-1', '2', EPUB.title, 'exact'],
];
const INPUTS = ['chatgpt.json', 'claude.json', 'log.jsonl'];
// The turns that hold library text but are no assistant reply.
const OTHER_TURNS = ['msg-s', 'msg-u1', 'msg-u2', 'msg-t1', 'h1', 'h2', '0', '1'];

let dir = '';
let cli = '';
const at = (name: string): string => path.join(dir, name);

function recital(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd: dir,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const audit = (out: string, inputs: string[], ...options: string[]) =>
  recital(['audit', '--library', 'catalogue', ...options, '--out', out, ...inputs]);

type Row = Record<string, string | number | null>;
const readJsonl = (file: string): Row[] =>
  fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Row);
const words = (text: unknown): string =>
  String(text)
    .toLowerCase()
    .replace(/[^a-z\s]/g, '')
    .split(/\s+/)
    .filter(Boolean)
    .join(' ');
const snapshot = (folder: string): Record<string, string> =>
  Object.fromEntries(
    fs.readdirSync(folder).map((name) => [name, fs.readFileSync(path.join(folder, name), 'utf8')]),
  );

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recital-audit-'));
  // A fresh build, outside the project (no node_modules): a stale dist-cli never passes.
  const build = spawnSync(
    'npx',
    ['vite', 'build', '-c', 'vite.cli.config.ts', '--outDir', at('cli'), '--logLevel', 'error'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (build.status !== 0) throw new Error(`CLI build failed: ${build.stderr}`);
  cli = at('cli/recital.js');
  fs.mkdirSync(at('catalogue/shelf'), { recursive: true });
  for (const book of BOOKS) fs.writeFileSync(at(`catalogue/shelf/${book.file}`), book.bytes());
  fs.writeFileSync(at('chatgpt.json'), JSON.stringify(CHATGPT, null, 2));
  fs.writeFileSync(at('claude.json'), JSON.stringify(CLAUDE));
  fs.writeFileSync(at('log.jsonl'), JSONL);
  fs.writeFileSync(at('broken.jsonl'), `${JSONL}\n{"messages": [`);
}, 120_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('recital audit', () => {
  let run: ReturnType<typeof recital>;
  let records: Row[];
  beforeAll(() => {
    run = audit('report', INPUTS);
    records = fs.existsSync(at('report/matches.jsonl'))
      ? readJsonl(at('report/matches.jsonl'))
      : [];
  });

  it('finds every planted copy under the right title, and flags no other turn', () => {
    expect(run.status).toBe(0);
    expect(records.map((r) => [r.file, r.conversation, r.message, r.title, r.kind])).toEqual(
      PLANTED,
    );
    expect(records.filter((r) => OTHER_TURNS.includes(String(r.message)))).toEqual([]);
    const byTitle = new Map(BOOKS.map((b) => [b.title, b]));
    for (const r of records) {
      const book = byTitle.get(String(r.title));
      expect(r.author).toBe(book?.author);
      expect(r.source).toBe(`shelf/${book?.file}`);
      // The whole passage and nothing around it, in the reply and in the book.
      const copied = r.kind === 'near' ? HTML_NEAR : book?.passage;
      expect(words(r.replyExcerpt)).toBe(words(copied));
      expect(words(r.sourceExcerpt)).toBe(words(book?.passage));
    }
    expect(records.find((r) => r.kind === 'near')?.edits).toBe(1);
  });

  it('finds exactly what `recital scan --json` finds in the same files', () => {
    const scan = recital(['scan', '--library', 'catalogue', '--json', ...INPUTS]);
    expect(scan.status).toBe(0);
    const scanned = scan.stdout
      .split('\n')
      .filter(Boolean)
      .flatMap((line) => {
        const reply = JSON.parse(line) as Row & { matches: Row[] };
        return reply.matches.map((m) => [reply.reply, reply.conversation, reply.message, m]);
      });
    const fields = ['source', 'replyStart', 'replyEnd', 'sourceStart', 'sourceEnd'] as const;
    const pick = (m: Row) => [m.kind, m.words, m.score, ...fields.map((f) => m[f])];
    expect(scanned.map(([file, conv, msg, m]) => [file, conv, msg, ...pick(m as Row)])).toEqual(
      records.map((r) => [r.file, r.conversation, r.message, ...pick(r)]),
    );
  });

  it('writes the same records to matches.csv', () => {
    const csv = fs.readFileSync(at('report/matches.csv'), 'utf8');
    const [header, ...rows] = parseCsv(csv.replace(/^\uFEFF/, ''));
    expect(header).toEqual([...MATCH_FIELDS]);
    expect(rows).toEqual(
      records.map((r) => MATCH_FIELDS.map((f) => (r[f] === null ? '' : String(r[f])))),
    );
  });

  it('writes a report.html naming each title and each input, and says where it is', () => {
    expect(fs.readdirSync(at('report')).sort()).toEqual([
      'matches.csv',
      'matches.jsonl',
      'report.html',
    ]);
    const html = fs.readFileSync(at('report/report.html'), 'utf8');
    for (const book of BOOKS) expect(html).toContain(`<cite>${book.title}</cite>`);
    for (const input of INPUTS) expect(html).toContain(`<th scope="row">${input}</th>`);
    expect(html).toMatch(/Recital version<\/dt><dd>\d+\.\d+\.\d+</);
    expect(run.stdout.split('\n')[0]).toBe(path.join('report', 'report.html'));
    // stderr is no terminal here: the summary line alone, no bar.
    expect(run.stderr).toMatch(/^recital audit: 3 files, 7 replies, [\d.]+ MB in [\d.]+ s \(/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('gives every source passage when no library text stays in memory between replies', () => {
    // Each text is then evicted as soon as another is read, and read again when a match needs it.
    const env = { ...process.env, RECITAL_TEXT_CACHE_MB: '0' };
    const tight = recital(['audit', '--library', 'catalogue', '--out', 'tight', ...INPUTS], env);
    expect(tight.status).toBe(0);
    expect(readJsonl(at('tight/matches.jsonl'))).toEqual(records);
    expect(records.every((r) => typeof r.sourceExcerpt === 'string')).toBe(true);
  });

  it('finds the same with a saved index (recital index, then audit --index)', () => {
    const saved = recital(['index', '--library', 'catalogue', '--out', 'catalogue.idx']);
    expect(saved.status).toBe(0);
    const args = ['audit', '--library', 'catalogue', '--index', 'catalogue.idx'];
    const indexed = recital([...args, '--out', 'indexed', ...INPUTS]);
    // No file changed since it was indexed: no note asking to index again.
    expect(indexed.stderr).not.toMatch(/recital index/);
    expect(indexed.status).toBe(0);
    expect(readJsonl(at('indexed/matches.jsonl'))).toEqual(records);
  });

  it('leaves near copies out with --exact-only', () => {
    audit('exact', INPUTS, '--exact-only');
    const kinds = readJsonl(at('exact/matches.jsonl')).map((r) => [r.title, r.kind]);
    expect(kinds).toEqual(PLANTED.filter((p) => p[4] === 'exact').map((p) => [p[3], p[4]]));
  });
});

describe('recital audit refuses what it cannot do, with a clear message and no report', () => {
  it('stops at an input it cannot read whole, keeping an earlier report as it was', () => {
    expect(audit('kept', ['claude.json']).status).toBe(0);
    const before = snapshot(at('kept'));
    const run = audit('kept', ['chatgpt.json', 'broken.jsonl']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^recital: broken\.jsonl: line 3: is not valid JSON .*no report/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(snapshot(at('kept'))).toEqual(before);
    expect(audit('fresh', ['chatgpt.json', 'broken.jsonl']).status).toBe(1);
    expect(fs.existsSync(at('fresh'))).toBe(false);
  });

  it('refuses a missing input before reading the library', () => {
    const run = audit('none', ['chatgpt.json', 'missing.json']);
    expect([run.status, run.stderr]).toEqual([1, 'recital: missing.json: no such file\n']);
    expect(fs.existsSync(at('none'))).toBe(false);
  });

  it('refuses a folder that holds other files than a Recital report', () => {
    fs.mkdirSync(at('mine'));
    fs.writeFileSync(at('mine/report.html'), '<title>My own report</title>');
    const run = audit('mine', INPUTS);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/--out mine is not empty and holds no earlier Recital report/);
    expect(snapshot(at('mine'))).toEqual({ 'report.html': '<title>My own report</title>' });
  });

  it.each([
    [['audit', '--library', 'catalogue', 'log.jsonl'], /give --out DIR/],
    [
      ['audit', '--library', 'catalogue', '--out', 'x', '--json', 'log.jsonl'],
      /--json is for scan/,
    ],
    [['audit', '--out', 'x', 'log.jsonl'], /give at least one --library/],
  ])('exits 2 on a usage error: %j', (args, message) => {
    const run = recital(args);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(fs.existsSync(at('x'))).toBe(false);
  });
});
