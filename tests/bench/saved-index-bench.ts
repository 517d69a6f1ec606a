// `npm run bench -- --only saved-index [--mb 1000] [--runs 1]`: the built `recital` CLI on a
// generated library of `--mb` MB (cached in the temp folder): `recital index`, and the cold start
// of `scan --index` (time to the first output line for one 2,000-word reply) beside the baseline
// of the same run, `scan` indexing the library anew. No assertions; figures for docs/benchmarks.md.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seededRandom } from '../unit/core/fixtures';
import { generateLibrary, loadCarriers, loadCorpusLibrary, makeReply } from './core/bench-text';
import { fmt, fmtMb, note, table } from './core/measure';

const MB = 1e6;
const root = process.cwd();
const value = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
};
const mb = Number(value('--mb', '1000'));
const runs = Number(value('--runs', '1'));
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

interface Run {
  firstLine: number;
  total: number;
  peakRss: number;
  stdout: string;
}

/** Runs the CLI under /usr/bin/time (peak RSS), timing the first stdout line and the exit. */
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
  let stdout = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    if (!firstLine && (stdout + chunk).includes('\n')) firstLine = performance.now() - started;
    stdout += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => {
      if (status !== 0) reject(new Error(`recital ${args[0]} exited ${status}`));
      const total = performance.now() - started;
      const peakRss = Number(fs.readFileSync(rssFile, 'utf8').trim().split('\n').at(-1)) * 1024;
      resolve({ firstLine: firstLine || total, total, peakRss, stdout });
    });
  });
}

const seconds = (ms: number): string => fmt(ms / 1000, 2);

async function main(): Promise<void> {
  const bytes = ensureLibrary();
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
  const scanArgs = ['scan', '--library', 'library', '--json', 'reply.txt'];
  const rows: string[][] = [];
  for (let r = 0; r < runs; r++) {
    note(`run ${r + 1}/${runs}: scan indexing anew (baseline), recital index, scan --index`);
    const fresh = await runCli(cli, scanArgs);
    const index = await runCli(cli, ['index', '--library', 'library', '--out', indexFile]);
    const saved = await runCli(cli, [...scanArgs, '--index', indexFile]);
    if (saved.stdout !== fresh.stdout) throw new Error('scan --index printed other results');
    const size = fs.statSync(indexFile).size;
    rows.push(
      [
        'scan, indexing anew (baseline)',
        seconds(fresh.firstLine),
        seconds(fresh.total),
        fmt(bytes / MB / (fresh.firstLine / 1000), 1),
        fmtMb(fresh.peakRss),
        '',
      ],
      [
        'recital index',
        '',
        seconds(index.total),
        fmt(bytes / MB / (index.total / 1000), 1),
        fmtMb(index.peakRss),
        fmtMb(size),
      ],
      [
        'scan --index',
        seconds(saved.firstLine),
        seconds(saved.total),
        '',
        fmtMb(saved.peakRss),
        '',
      ],
    );
  }
  table(
    `Saved index on a generated ${fmtMb(bytes)} library (one 2,000-word reply, --json; page cache warm)`,
    ['run', 'first line s', 'total s', 'library MB/s', 'peak RSS', 'index file'],
    rows,
  );
}

await main();
