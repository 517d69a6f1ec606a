// `npm run bench -- --only saved-index [--mb 1000] [--runs 1] [--before CLI]`: the built `recital`
// CLI on a generated library of `--mb` MB (cached in the temp folder) and 100 replies of 2,000
// words: `recital index`, then the times to the first and the last output line of `scan --index`
// (bucket starts and postings read on demand) and of `scan` indexing the library anew; with
// `--before`, a CLI built from an earlier commit makes its own index and scans with it too,
// alternating with this one's. In this process: the index file's header read alone, its lazy
// open, the baseline of the same run (the whole table read and checked at once), and listing and
// `stat`ing the library, which a scan does before its first line. No assertions; figures for
// docs/benchmarks.md.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openIndexFile } from '../../src/cli/saved-index/index-file';
import { listLibraries } from '../../src/cli/saved-index/read-library';
import { PassageIndex } from '../../src/core/index';
import { seededRandom } from '../unit/core/fixtures';
import {
  generateLibrary,
  loadCarriers,
  loadCorpusLibrary,
  makeReply,
  type Doc,
} from './core/bench-text';
import { fmt, fmtMb, note, percentile, table } from './core/measure';

const MB = 1e6;
const root = process.cwd();
const value = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
};
const mb = Number(value('--mb', '1000'));
const runs = Number(value('--runs', '1'));
const before = value('--before', '');
const corpus = value('--corpus', process.env.RECITAL_CORPUS ?? path.resolve('../shared/corpus'));
const work = path.join(os.tmpdir(), `recital-bench-saved-index-${mb}mb`);
const library = path.join(work, 'library');

/** The generated library's files, written once and reused while the marker is there. */
function ensureLibrary(): number {
  const marker = path.join(work, 'complete.json');
  if (fs.existsSync(marker))
    return (JSON.parse(fs.readFileSync(marker, 'utf8')) as { bytes: number }).bytes;
  fs.rmSync(work, { recursive: true, force: true });
  note(`generating a ${mb} MB library in ${library}`);
  const docs = generateLibrary(loadCorpusLibrary(path.join(corpus, 'library')), mb * MB);
  let bytes = 0;
  for (const d of docs) {
    const file = path.join(library, d.id);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, d.text);
    bytes += d.bytes;
  }
  const reply = makeReply(loadCarriers(corpus), docs.slice(0, 200), 2000, seededRandom(7));
  fs.writeFileSync(path.join(work, 'reply.txt'), reply.text);
  fs.writeFileSync(marker, JSON.stringify({ bytes, documents: docs.length }));
  return bytes;
}

const REPLIES = 100;

/** 100 replies of 2,000 words planting passages of the library's files, written once. */
function ensureReplies(): string[] {
  const folder = path.join(work, 'replies');
  const names = Array.from(
    { length: REPLIES },
    (_, i) => `replies/r${String(i).padStart(3, '0')}.txt`,
  );
  if (fs.existsSync(path.join(folder, 'complete'))) return names;
  fs.mkdirSync(folder, { recursive: true });
  const files = (fs.readdirSync(library, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.txt'))
    .sort();
  const random = seededRandom(11);
  const docs: Doc[] = Array.from({ length: 200 }, () => {
    const id = files[Math.floor(random() * files.length)] as string;
    const text = fs.readFileSync(path.join(library, id), 'utf8');
    return { id, text, bytes: Buffer.byteLength(text) };
  });
  const carriers = loadCarriers(corpus);
  for (const [i, name] of names.entries())
    fs.writeFileSync(
      path.join(work, name),
      makeReply(carriers, docs, 2000, seededRandom(100 + i)).text,
    );
  fs.writeFileSync(path.join(folder, 'complete'), '');
  return names;
}

interface Run {
  firstLine: number;
  lastLine: number;
  total: number;
  peakRss: number;
  stdout: string;
}

/** Runs the CLI under /usr/bin/time (peak RSS), timing the first and last stdout line and the exit. */
function runCli(cli: string, args: string[]): Promise<Run> {
  const rssFile = path.join(work, 'rss.txt');
  const started = performance.now();
  const child = spawn(
    '/usr/bin/time',
    ['-o', rssFile, '-f', '%M', process.execPath, cli, ...args],
    {
      cwd: work,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let firstLine = 0;
  let lastLine = 0;
  let stdout = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    if (chunk.includes('\n') || (stdout + chunk).includes('\n')) {
      lastLine = performance.now() - started;
      firstLine ||= lastLine;
    }
    stdout += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => {
      if (status !== 0) reject(new Error(`recital ${args[0]} exited ${status}`));
      const total = performance.now() - started;
      const peakRss = Number(fs.readFileSync(rssFile, 'utf8').trim().split('\n').at(-1)) * 1024;
      resolve({
        firstLine: firstLine || total,
        lastLine: lastLine || total,
        total,
        peakRss,
        stdout,
      });
    });
  });
}

const seconds = (ms: number): string => fmt(ms / 1000, 2);

const row = (name: string, run: Run): string[] => [
  name,
  seconds(run.firstLine),
  seconds(run.lastLine),
  seconds(run.total),
  fmtMb(run.peakRss),
  '',
];

/** Median wall time of `f` over `times` calls, in ms. */
function median(times: number, f: () => void): number {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    f();
    ms.push(performance.now() - started);
  }
  return percentile(ms, 50);
}

/** In this process: what a scan reads of the index before its first lookup, against the old way. */
function measureOpen(indexFile: string): string[][] {
  const mb = (n: number): string => `${fmt(n / MB, 1)} MB`;
  const size = fs.statSync(indexFile).size;
  const fd = fs.openSync(indexFile, 'r');
  const prefix = Buffer.alloc(72);
  fs.readSync(fd, prefix, 0, 72, 0);
  fs.closeSync(fd);
  const headerBytes = 72 + prefix.readUInt32LE(20);
  const tableBytes = prefix.readDoubleLE(32);
  const startsAt = prefix.readDoubleLE(40);
  const header = median(5, () => openIndexFile(indexFile).close());
  const open = (): PassageIndex | undefined => {
    const table = openIndexFile(indexFile).openTable();
    return table && PassageIndex.fromTable(table.head, {}, table.loader, table.startsLoader);
  };
  // The index's file stays open until the process ends: a few descriptors.
  const lazy = median(5, () => open());
  const whole = median(3, () => {
    // The old way: the whole table in one read into one buffer, then the core's checksum over it.
    const bytes = new Uint8Array(tableBytes);
    const file = fs.openSync(indexFile, 'r');
    for (let at = 0; at < tableBytes;)
      at += fs.readSync(file, bytes, at, tableBytes - at, size - tableBytes + at);
    fs.closeSync(file);
    PassageIndex.fromTable(bytes.buffer);
  });
  const blocks = median(3, () => open()?.exportTable('base'));
  const reporter = { warn: () => undefined, progress: () => undefined };
  let files: { file: string }[] = [];
  const listing = median(5, () => ({ files } = listLibraries([library], reporter)));
  const stats = median(5, () => files.forEach(({ file }) => fs.statSync(file)));
  return [
    ['header read alone (prefix, header JSON and its CRC)', fmt(header, 1), mb(headerBytes)],
    [
      'lazy open: + block CRCs, table head (documents, checkpoints), checked',
      fmt(lazy, 1),
      mb(headerBytes + startsAt + 4 * Math.ceil((tableBytes - startsAt) / 4096)),
    ],
    [
      'baseline: the whole table read at once and checksummed (scan --index before)',
      fmt(whole, 1),
      mb(tableBytes),
    ],
    [
      'lazy open, then exportTable: every block read and checked, the core checksum over all',
      fmt(blocks, 1),
      mb(size),
    ],
    [`listing the library (${files.length} files)`, fmt(listing, 1), ''],
    [`stat of each library file`, fmt(stats, 1), ''],
  ];
}

async function main(): Promise<void> {
  const bytes = ensureLibrary();
  const replies = ensureReplies();
  const cli = path.join(root, '.bench/cli/recital.js');
  const built = spawnSync(
    'npx',
    [
      'vite',
      'build',
      '-c',
      'vite.cli.config.ts',
      '--outDir',
      path.dirname(cli),
      '--logLevel',
      'error',
    ],
    { cwd: root, encoding: 'utf8' },
  );
  if (built.status !== 0) throw new Error(`CLI build failed: ${built.stderr}`);
  const indexFile = path.join(work, 'library.idx');
  const scanArgs = ['scan', '--library', 'library', '--json', ...replies];
  const rows: string[][] = [];
  const opens: string[][] = [];
  const beforeFile = path.join(work, 'library-before.idx');
  for (let r = 0; r < runs; r++) {
    note(`run ${r + 1}/${runs}: recital index, scan --index, scan indexing anew`);
    const index = await runCli(cli, ['index', '--library', 'library', '--out', indexFile]);
    opens.push(...measureOpen(indexFile));
    const size = fs.statSync(indexFile).size;
    rows.push(['recital index', '', '', seconds(index.total), fmtMb(index.peakRss), fmtMb(size)]);
    if (before)
      await runCli(before, ['index', '--library', 'library', '--out', beforeFile]).then((run) =>
        rows.push(['recital index, before', '', '', seconds(run.total), fmtMb(run.peakRss), '']),
      );
    const saved = await runCli(cli, [...scanArgs, '--index', indexFile]);
    rows.push(row('scan --index', saved));
    // Alternated, so load that comes and goes falls on both.
    for (let i = 0; before && i < 2; i++) {
      const old = await runCli(before, [...scanArgs, '--index', beforeFile]);
      if (old.stdout !== saved.stdout) throw new Error('the earlier CLI printed other results');
      rows.push(row('scan --index, before', old));
      rows.push(row('scan --index', await runCli(cli, [...scanArgs, '--index', indexFile])));
    }
    const fresh = await runCli(cli, scanArgs);
    if (saved.stdout !== fresh.stdout) throw new Error('scan --index printed other results');
    if (saved.stdout.split('\n').length !== REPLIES + 1) throw new Error('not one line per reply');
    rows.push(row('scan, indexing anew', fresh));
  }
  table(
    `Saved index on a generated ${fmtMb(bytes)} library, ${REPLIES} replies of 2,000 words, --json (page cache warm)`,
    ['run', 'first line s', 'last line s', 'exit s', 'peak RSS', 'index file'],
    rows,
  );
  table(
    'Opening the index in this process (median of 5, the baseline of 3)',
    ['step', 'ms', 'bytes read'],
    opens,
  );
}

await main();
