// `npm run bench -- --only audit` (after `npm run build:cli`): the built `recital audit` on 10,000
// assistant turns (one JSONL log) against the development library (../shared/corpus/library, 171
// books) converted to EPUB, beside its baseline in the same run: the same turns against the same
// books as plain text. Prints wall time, replies/s, MB/s of library read and peak RSS for each; no
// assertion. The turns and the EPUBs are generated with a fixed seed and cached in the temp folder.
//   node scripts/bench-audit.mjs [--corpus DIR] [--turns N] [--seed N]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { strToU8, zipSync } from 'fflate';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const option = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : fallback;
};
const corpus = path.resolve(root, option('--corpus', '../shared/corpus'));
const turns = Number(option('--turns', '10000'));
const seed = Number(option('--seed', '16'));
const cli = path.join(root, 'dist-cli/recital.js');
const books = path.join(corpus, 'library');
if (!fs.existsSync(cli)) throw new Error('run `npm run build:cli` first');
if (!fs.existsSync(books)) throw new Error(`no library at ${books} (give --corpus DIR)`);

// Bump when the generated files change, so a stale cache is not measured.
const CACHE_VERSION = 1;
const cache = path.join(os.tmpdir(), `recital-bench-audit-v${CACHE_VERSION}`);
const epubDir = path.join(cache, 'epub');
const repliesFile = path.join(cache, `turns-${turns}-seed-${seed}.jsonl`);
const MB = 1e6;

// mulberry32: a small seeded generator, so every run audits the same turns.
function random(s) {
  let a = s >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const bookFiles = fs
  .readdirSync(books)
  .filter((name) => name.endsWith('.txt'))
  .sort();

// The book between Project Gutenberg's start and end lines, and the header's title and author.
function readBook(name) {
  const text = fs.readFileSync(path.join(books, name), 'utf8');
  const start = text.search(/^\*\*\* ?START OF.*$/m);
  const end = text.search(/^\*\*\* ?END OF.*$/m);
  const body = text.slice(
    start >= 0 ? text.indexOf('\n', start) + 1 : 0,
    end > start ? end : text.length,
  );
  const field = (key) =>
    text
      .slice(0, 4000)
      .match(new RegExp(`^${key}: *(.+)$`, 'm'))?.[1]
      .trim();
  return { body, title: field('Title') ?? name, author: field('Author') };
}

const escapeXml = (s) =>
  s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]);

function makeEpub({ body, title, author }) {
  const paragraphs = body
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  const chapters = [];
  for (let i = 0; i < paragraphs.length; i += 300) {
    const ps = paragraphs.slice(i, i + 300).map((p) => `<p>${escapeXml(p)}</p>`);
    chapters.push(
      `<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>${escapeXml(title)}</title></head><body>${ps.join('\n')}</body></html>`,
    );
  }
  const items = chapters.map(
    (_, i) => `<item id="c${i}" href="c${i}.xhtml" media-type="application/xhtml+xml"/>`,
  );
  const spine = chapters.map((_, i) => `<itemref idref="c${i}"/>`);
  const creator = author ? `<dc:creator>${escapeXml(author)}</dc:creator>` : '';
  const files = {
    mimetype: [strToU8('application/epub+zip'), { level: 0 }],
    'META-INF/container.xml': strToU8(
      '<?xml version="1.0"?><container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" version="1.0"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>',
    ),
    'OEBPS/content.opf': strToU8(
      `<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>${escapeXml(title)}</dc:title>${creator}</metadata><manifest>${items.join('')}</manifest><spine>${spine.join('')}</spine></package>`,
    ),
  };
  chapters.forEach((c, i) => (files[`OEBPS/c${i}.xhtml`] = strToU8(c)));
  return zipSync(files, { level: 6 });
}

function ensureEpubs() {
  const done = path.join(epubDir, '.complete');
  if (fs.existsSync(done)) return;
  fs.rmSync(epubDir, { recursive: true, force: true });
  fs.mkdirSync(epubDir, { recursive: true });
  const started = Date.now();
  for (const name of bookFiles)
    fs.writeFileSync(path.join(epubDir, name.replace(/\.txt$/, '.epub')), makeEpub(readBook(name)));
  fs.writeFileSync(done, '');
  console.log(`made ${bookFiles.length} EPUBs in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const readJsonl = (file) =>
  fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));

// A run of `min`..`max` words from a random place in a random book.
function excerpt(rand, bodies, min, max) {
  const body = bodies[Math.floor(rand() * bodies.length)];
  const at = body.indexOf(' ', Math.floor(rand() * Math.max(1, body.length - 4000))) + 1;
  const count = min + Math.floor(rand() * (max - min + 1));
  return body
    .slice(at, at + 4000)
    .split(' ')
    .slice(0, count)
    .join(' ');
}

// Replies like the corpus's (real carrier replies), 30% with a library excerpt spliced in, 10%
// with one word in ~15 of it changed, 10% with a paraphrase of a library passage, 50% none.
function ensureReplies() {
  if (fs.existsSync(repliesFile)) return;
  const rand = random(seed);
  const carriers = readJsonl(path.join(corpus, 'carriers.jsonl'));
  const paraphrases = readJsonl(path.join(corpus, 'paraphrases.jsonl'));
  const bodies = bookFiles.map((name) => readBook(name).body.replace(/\s+/g, ' '));
  const lines = [];
  for (let i = 0; i < turns; i++) {
    const carrier = carriers[Math.floor(rand() * carriers.length)];
    const kind = rand();
    let insert = '';
    if (kind < 0.3) insert = excerpt(rand, bodies, 15, 80);
    else if (kind < 0.4)
      insert = excerpt(rand, bodies, 30, 80)
        .split(' ')
        .map((w, j) => (j % 15 === 7 ? 'indeed' : w))
        .join(' ');
    else if (kind < 0.5) {
      const p = paraphrases[Math.floor(rand() * paraphrases.length)];
      insert = p.paraphrases[Math.floor(rand() * p.paraphrases.length)];
    }
    const paragraphs = carrier.text.split('\n\n');
    if (insert) paragraphs.splice(Math.floor(rand() * (paragraphs.length + 1)), 0, insert);
    const messages = [
      { role: 'user', content: carrier.instruction },
      { role: 'assistant', content: paragraphs.join('\n\n') },
    ];
    lines.push(JSON.stringify({ id: `conv-${i + 1}`, messages }));
  }
  fs.mkdirSync(cache, { recursive: true });
  fs.writeFileSync(`${repliesFile}.tmp`, lines.join('\n') + '\n');
  fs.renameSync(`${repliesFile}.tmp`, repliesFile);
}

const dirBytes = (dir) =>
  fs.readdirSync(dir).reduce((sum, name) => sum + fs.statSync(path.join(dir, name)).size, 0);

// One audit in a fresh process; its peak RSS is written by a preloaded module at exit.
function audit(label, library) {
  const out = path.join(cache, `report-${label}`);
  fs.rmSync(out, { recursive: true, force: true });
  const rssFile = path.join(cache, `rss-${label}`);
  const preload = path.join(cache, 'peak-rss.mjs');
  fs.writeFileSync(
    preload,
    "import fs from 'node:fs';\nprocess.on('exit', () => fs.writeFileSync(process.env.RECITAL_BENCH_RSS, String(process.resourceUsage().maxRSS)));\n",
  );
  const started = process.hrtime.bigint();
  const run = spawnSync(
    process.execPath,
    ['--import', preload, cli, 'audit', '--library', library, '--out', out, repliesFile],
    { encoding: 'utf8', env: { ...process.env, RECITAL_BENCH_RSS: rssFile } },
  );
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) throw new Error(`${label} audit failed (${run.status}): ${run.stderr}`);
  // "recital audit: 1 files, 10,000 replies, 12.3 MB in 45.6 s (…)": the time after the library.
  const summary = run.stderr.match(/recital audit: .*? ([\d,]+) replies, [\d.]+ MB in ([\d.]+) s/);
  const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
  const characters = Number(html.match(/([\d,]+) characters? of text/)?.[1].replace(/,/g, ''));
  const flagged = html.match(/Replies flagged<\/dt><dd>([\d,]+)/)?.[1];
  const replies = Number(summary?.[1].replace(/,/g, ''));
  const scanSecs = Number(summary?.[2]);
  return {
    label,
    wall,
    librarySecs: wall - scanSecs,
    scanSecs,
    replies,
    flagged,
    characters,
    diskBytes: dirBytes(library),
    peakRssMb: Number(fs.readFileSync(rssFile, 'utf8')) / 1024,
  };
}

ensureEpubs();
ensureReplies();
const inputMb = fs.statSync(repliesFile).size / MB;
console.log(
  `${turns.toLocaleString('en')} turns (${inputMb.toFixed(1)} MB of JSONL) against ${bookFiles.length} books; ${os.cpus().length} cores, Node ${process.version}`,
);
const results = [audit('text', books), audit('epub', epubDir)];
const rows = [
  ['', 'plain text (baseline)', 'EPUB'],
  ['library on disk, MB', ...results.map((r) => (r.diskBytes / MB).toFixed(1))],
  ['library text, M characters', ...results.map((r) => (r.characters / 1e6).toFixed(1))],
  ['wall time, s', ...results.map((r) => r.wall.toFixed(1))],
  ['  library read and indexed, s', ...results.map((r) => r.librarySecs.toFixed(1))],
  ['  replies scanned and report written, s', ...results.map((r) => r.scanSecs.toFixed(1))],
  [
    'library read, MB/s on disk',
    ...results.map((r) => (r.diskBytes / MB / r.librarySecs).toFixed(1)),
  ],
  [
    'library read, M characters/s',
    ...results.map((r) => (r.characters / 1e6 / r.librarySecs).toFixed(1)),
  ],
  ['replies/s', ...results.map((r) => (r.replies / r.scanSecs).toFixed(0))],
  ['replies flagged', ...results.map((r) => r.flagged)],
  ['peak RSS, MB', ...results.map((r) => r.peakRssMb.toFixed(0))],
];
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
for (const row of rows)
  console.log(row.map((cell, c) => String(cell)[c ? 'padStart' : 'padEnd'](widths[c])).join('  '));
