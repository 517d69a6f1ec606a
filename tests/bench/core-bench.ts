// `npm run bench`: the matching core's speed and size on real text, beside two baselines measured
// in the same run. Prints markdown tables; no pass/fail (figures depend on the machine and load).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fuse from 'fuse.js';
import { findSpans, PassageIndex, ReplyScanner } from '../../src/core/index';
import { seededRandom } from '../unit/core/fixtures';

const MB = 1e6;
const options = parseOptions(process.argv.slice(2));

interface BenchOptions {
  corpus: string;
  /** Size of the generated library, in MB (1,000 = 1 GB). */
  bigMb: number;
  /** Timed scans per (library, reply size) cell. */
  scans: number;
  /** Reply sentences searched with fuse.js (it takes seconds each). */
  fuseSentences: number;
}

function parseOptions(argv: string[]): BenchOptions {
  const value = (name: string, fallback: string): string => {
    const at = argv.indexOf(name);
    return at >= 0 && argv[at + 1] !== undefined ? (argv[at + 1] as string) : fallback;
  };
  return {
    corpus: value('--corpus', process.env.RECITAL_CORPUS ?? path.resolve('../shared/corpus')),
    bigMb: Number(value('--big-mb', '1000')),
    scans: Number(value('--scans', '60')),
    fuseSentences: Number(value('--fuse-sentences', '6')),
  };
}

// ---------------------------------------------------------------------------------------------
// Measuring

let peakHeap = 0;
let peakArrayBuffers = 0;

function sampleMemory(): void {
  const m = process.memoryUsage();
  peakHeap = Math.max(peakHeap, m.heapUsed);
  peakArrayBuffers = Math.max(peakArrayBuffers, m.arrayBuffers);
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
}

/** Heap plus array-buffer bytes in use after a full collection (needs --expose-gc). */
function liveBytes(): number {
  collectGarbage();
  collectGarbage();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ??
    NaN
  );
}

const fmt = (x: number, digits = 1): string =>
  Number.isFinite(x)
    ? x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : 'n/a';
const fmtMb = (bytes: number): string => `${fmt(bytes / MB, 0)} MB`;

function table(title: string, head: string[], rows: string[][]): void {
  const lines = [
    `### ${title}`,
    '',
    `| ${head.join(' | ')} |`,
    `|${head.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

function note(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

// ---------------------------------------------------------------------------------------------
// Text: the corpus library, a generated large library, replies with planted passages

interface Doc {
  id: string;
  text: string;
  bytes: number;
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

function loadCorpusLibrary(dir: string): Doc[] {
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => {
      const buffer = fs.readFileSync(path.join(dir, name));
      return { id: name, text: buffer.toString('utf8'), bytes: buffer.byteLength };
    });
}

const paragraphsOf = (text: string): string[] =>
  text.split(/\r?\n[ \t]*\r?\n/).filter((p) => p.trim().length > 0);

/**
 * A library of about `targetBytes`: the corpus books as they are, then copies of the corpus whose
 * letters pass through a different permutation per copy (consonants among consonants, vowels
 * among vowels, case kept), with the paragraphs shuffled across books and cut into book-sized
 * documents. Each copy maps words one-to-one, so word frequencies, word lengths and document
 * sizes stay those of real books, while no copy shares its shingles with another.
 */
function generateLibrary(corpus: Doc[], targetBytes: number): Doc[] {
  const docs: Doc[] = [...corpus];
  let total = sumBytes(corpus);
  const random = seededRandom(42);
  const buffers = corpus.map((d) => Buffer.from(d.text, 'utf8'));
  for (let copy = 1; total < targetBytes; copy++) {
    const map = new Uint8Array(256).map((_, i) => i);
    for (const group of ['bcdfghjklmnpqrstvwxz', 'aeiouy']) {
      const letters = [...group];
      const permuted = shuffle([...letters], random);
      letters.forEach((from, i) => {
        const to = permuted[i] as string;
        map[from.charCodeAt(0)] = to.charCodeAt(0);
        map[from.toUpperCase().charCodeAt(0)] = to.toUpperCase().charCodeAt(0);
      });
    }
    const paragraphs: string[] = [];
    for (const source of buffers) {
      const mapped = Buffer.allocUnsafe(source.length);
      for (let i = 0; i < source.length; i++) mapped[i] = map[source[i] as number] as number;
      for (const p of paragraphsOf(mapped.toString('utf8'))) paragraphs.push(p);
    }
    shuffle(paragraphs, random);
    let part: string[] = [];
    let partBytes = 0;
    const flush = (): void => {
      docs.push({
        id: `generated/copy-${copy}/book-${docs.length}.txt`,
        text: part.join('\n\n'),
        bytes: partBytes,
      });
      total += partBytes;
      part = [];
      partBytes = 0;
    };
    for (const p of paragraphs) {
      part.push(p);
      partBytes += Buffer.byteLength(p) + 2;
      if (partBytes >= 500_000) flush();
      if (total >= targetBytes) break;
    }
    if (part.length && total < targetBytes) flush();
    sampleMemory();
  }
  return docs;
}

/** The longest prefix of `docs` whose text stays within `bytes` (at least one document). */
function prefixLibrary(docs: Doc[], bytes: number): Doc[] {
  const out: Doc[] = [];
  let total = 0;
  for (const d of docs) {
    if (out.length && total + d.bytes > bytes) break;
    out.push(d);
    total += d.bytes;
  }
  return out;
}

const sumBytes = (docs: Doc[]): number => docs.reduce((n, d) => n + d.bytes, 0);

type Perturbation = 'exact' | 'typography' | 'quoted-wrapped' | 'one-edit';

interface Planted {
  docId: string;
  words: number;
  how: Perturbation;
  replyStart: number;
  replyEnd: number;
  /** The passage as it sits in the library (whitespace collapsed). */
  original: string;
}

interface Reply {
  text: string;
  words: number;
  planted: Planted[];
}

const WORD = /[A-Za-z]+(?:'[A-Za-z]+)*/g;

/** `length` consecutive words of running prose from a random document, or undefined. */
function pickPassage(
  library: Doc[],
  length: number,
  random: () => number,
): { docId: string; text: string } | undefined {
  for (let attempt = 0; attempt < 50; attempt++) {
    const doc = library[Math.floor(random() * library.length)] as Doc;
    const at = Math.floor(random() * Math.max(1, doc.text.length - 20_000));
    const window = doc.text.slice(at, at + 20_000);
    const paragraphs = paragraphsOf(window).filter(
      (p) => (p.match(WORD)?.length ?? 0) >= length + 2 && !/[0-9_[\]]/.test(p),
    );
    const p = paragraphs[Math.floor(random() * paragraphs.length)];
    if (!p) continue;
    const words = [...p.matchAll(WORD)];
    const first = Math.floor(random() * (words.length - length));
    const start = words[first]?.index;
    const last = words[first + length - 1];
    if (start === undefined || !last) continue;
    return {
      docId: doc.id,
      text: p.slice(start, last.index + last[0].length).replace(/\s+/g, ' '),
    };
  }
  return undefined;
}

/** How a chatbot might render a copied passage (see matching-design.md §6.3's measured run). */
function perturb(passage: string, how: Perturbation): string {
  switch (how) {
    case 'exact':
      return passage;
    case 'typography': {
      const words = passage.split(' ');
      const upper = words.map((w, i) => (i < 6 ? w.toUpperCase() : w)).join(' ');
      return `**“${upper.replace(/'/g, '’').replace(/"/g, '”')}”**`;
    }
    case 'quoted-wrapped': {
      const lines: string[] = [];
      let line = '';
      for (const w of passage.split(' ')) {
        if (line.length + w.length > 60) {
          if (w.length >= 6) {
            lines.push(`${line} ${w.slice(0, 3)}-`);
            line = w.slice(3);
            continue;
          }
          lines.push(line);
          line = w;
        } else {
          line = line ? `${line} ${w.length > 4 ? `${w.slice(0, 2)}\u200b${w.slice(2)}` : w}` : w;
        }
      }
      lines.push(line);
      return lines.map((l) => `> ${l.trim()}`).join('\n');
    }
    case 'one-edit': {
      const words = passage.split(' ');
      words[Math.floor(words.length / 2)] = 'zqxvyk';
      return words.join(' ');
    }
  }
}

const PLANS: Record<number, [number, Perturbation][]> = {
  500: [
    [15, 'exact'],
    [40, 'typography'],
  ],
  2000: [
    [15, 'exact'],
    [40, 'typography'],
    [60, 'one-edit'],
  ],
  5000: [
    [15, 'exact'],
    [40, 'typography'],
    [120, 'quoted-wrapped'],
    [60, 'one-edit'],
  ],
};

/** A reply of about `words` words: real chatbot answers with library passages spliced in. */
function makeReply(carriers: string[], library: Doc[], words: number, random: () => number): Reply {
  const plan = PLANS[words] ?? [];
  const dueAt = plan.map((_, i) => Math.floor(((i + 0.5) / plan.length) * words));
  let text = '';
  let count = 0;
  const planted: Planted[] = [];
  let next = 0;
  let carrier = Math.floor(random() * carriers.length);
  while (count < words) {
    for (const paragraph of paragraphsOf(carriers[carrier++ % carriers.length] as string)) {
      if (count >= words) break;
      text += paragraph + '\n\n';
      count += paragraph.match(WORD)?.length ?? 0;
      while (next < plan.length && count >= (dueAt[next] as number)) {
        const [length, how] = plan[next++] as [number, Perturbation];
        const passage = pickPassage(library, length, random);
        if (!passage) continue;
        text += how === 'quoted-wrapped' ? 'As the book puts it:\n\n' : 'As the book puts it, ';
        const replyStart = text.length;
        text += perturb(passage.text, how);
        planted.push({
          docId: passage.docId,
          words: length,
          how,
          replyStart,
          replyEnd: text.length,
          original: passage.text,
        });
        text += how === 'quoted-wrapped' ? '\n\n' : ' — which says it well.\n\n';
        count += length + 8;
      }
    }
  }
  return { text, words: count, planted };
}

function loadCarriers(corpus: string): string[] {
  return fs
    .readFileSync(path.join(corpus, 'carriers.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { text: string }).text)
    .filter((t) => t.length > 500);
}

// ---------------------------------------------------------------------------------------------
// Recital's core

interface Built {
  index: PassageIndex;
  texts: Map<string, string>;
  bytes: number;
  addSeconds: number;
  addCpuSeconds: number;
  tableSeconds: number;
  serializedBytes: number;
}

function buildIndex(docs: Doc[]): Built {
  collectGarbage();
  const index = new PassageIndex();
  const texts = new Map<string, string>();
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  for (const d of docs) {
    index.addDocument(d.id, d.text);
    texts.set(d.id, d.text);
  }
  const added = performance.now();
  const cpu = process.cpuUsage(cpu0);
  // The lookup table is built lazily by the first scan; time it apart.
  findSpans(index, 'warm up the lookup table', () => undefined);
  const tabled = performance.now();
  sampleMemory();
  let serializedBytes = 0;
  for (const d of docs) serializedBytes += index.serializeDocument(d.id).byteLength;
  return {
    index,
    texts,
    bytes: sumBytes(docs),
    addSeconds: (added - started) / 1000,
    addCpuSeconds: (cpu.user + cpu.system) / 1e6,
    tableSeconds: (tabled - added) / 1000,
    serializedBytes,
  };
}

interface Range {
  replyStart: number;
  replyEnd: number;
}

/** True when `found` ranges cover at least 80% of the planted passage's characters. */
function isFoundWhole(found: readonly Range[], planted: Range): boolean {
  let covered = 0;
  for (const f of found)
    covered += Math.max(
      0,
      Math.min(f.replyEnd, planted.replyEnd) - Math.max(f.replyStart, planted.replyStart),
    );
  return covered >= 0.8 * (planted.replyEnd - planted.replyStart);
}

interface Latency {
  median: number;
  p95: number;
  cpuMedian: number;
  found: number;
  planted: number;
}

/** Times `scan` over the replies: wall-clock and process CPU time per call, in ms. */
function timeCalls(replies: Reply[], calls: number, scan: (text: string) => Range[]): Latency {
  let found = 0;
  let planted = 0;
  for (const r of replies) {
    const ranges = scan(r.text);
    planted += r.planted.length;
    found += r.planted.filter((p) => isFoundWhole(ranges, p)).length;
  }
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < calls; i++) {
    const reply = replies[i % replies.length] as Reply;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    scan(reply.text);
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  sampleMemory();
  return {
    median: percentile(wall, 50),
    p95: percentile(wall, 95),
    cpuMedian: percentile(cpu, 50),
    found,
    planted,
  };
}

function timeScans(built: Built, replies: Reply[], calls: number): Latency {
  const getText = (id: string): string | undefined => built.texts.get(id);
  return timeCalls(replies, calls, (text) => findSpans(built.index, text, getText).spans);
}

interface Streaming {
  words: number;
  totalMs: number;
  perWordMicros: number;
  firstMicros: number;
  lastMicros: number;
  agrees: boolean;
}

/** Wall ms of: adding `doc` under a new id; the first scan after it; removing it plus a scan. */
function timeIncremental(built: Built, doc: Doc): [number, number, number] {
  const id = `incremental/${doc.id}`;
  const scan = (): unknown => findSpans(built.index, 'one short reply', () => undefined);
  const t0 = performance.now();
  built.index.addDocument(id, doc.text);
  const t1 = performance.now();
  scan();
  const t2 = performance.now();
  built.index.removeDocument(id);
  scan();
  const t3 = performance.now();
  return [t1 - t0, t2 - t1, t3 - t2];
}

function timeStreaming(built: Built, reply: Reply): Streaming {
  const getText = (id: string): string | undefined => built.texts.get(id);
  const cuts: number[] = [];
  const re = /\S+\s*/g;
  for (let m = re.exec(reply.text); m; m = re.exec(reply.text)) cuts.push(m.index + m[0].length);
  const scanner = new ReplyScanner(built.index, getText);
  const stamps: number[] = [];
  let last = scanner.update('', 0);
  let previousCut = 0;
  const t0 = performance.now();
  for (const cut of cuts) {
    // The reply only grows: everything the previous update read is unchanged.
    last = scanner.update(reply.text.slice(0, cut), previousCut);
    previousCut = cut;
    stamps.push(performance.now());
  }
  const totalMs = performance.now() - t0;
  const fresh = findSpans(built.index, reply.text, getText);
  const n = Math.min(1000, cuts.length);
  const at = (i: number): number => (i < 0 ? t0 : (stamps[i] as number));
  return {
    words: cuts.length,
    totalMs,
    perWordMicros: (totalMs * 1000) / cuts.length,
    firstMicros: ((at(n - 1) - t0) * 1000) / n,
    lastMicros: ((at(cuts.length - 1) - at(cuts.length - 1 - n)) * 1000) / n,
    agrees: JSON.stringify(fresh.spans) === JSON.stringify(last.spans),
  };
}

// ---------------------------------------------------------------------------------------------
// Baselines

/** The obvious exact matcher: every 8-word shingle of every document in a Map, no stride. */
class ShingleBaseline {
  private readonly shingles = new Map<string, number>();

  add(docNumber: number, text: string): void {
    const words = text.toLowerCase().match(/[a-z0-9']+/g) ?? [];
    for (let i = 0; i + 8 <= words.length; i++) {
      const key = words.slice(i, i + 8).join(' ');
      if (!this.shingles.has(key)) this.shingles.set(key, docNumber);
    }
  }

  /** Reply character ranges covered by shingles found in the library. */
  scan(reply: string): Range[] {
    const words = [...reply.matchAll(/[A-Za-z0-9']+/g)];
    const lower = words.map((w) => w[0].toLowerCase());
    const covered = new Uint8Array(words.length);
    for (let i = 0; i + 8 <= words.length; i++) {
      if (this.shingles.has(lower.slice(i, i + 8).join(' '))) covered.fill(1, i, i + 8);
    }
    const runs: Range[] = [];
    for (let i = 0; i < words.length; i++) {
      if (!covered[i]) continue;
      let j = i;
      while (j + 1 < words.length && covered[j + 1]) j++;
      const first = words[i] as RegExpExecArray;
      const last = words[j] as RegExpExecArray;
      runs.push({ replyStart: first.index, replyEnd: last.index + last[0].length });
      i = j;
    }
    return runs;
  }
}

const sentencesOf = (text: string): string[] =>
  text
    .split(/(?<=[.!?:])\s+|\n+/)
    .map((s) => s.replace(/[*>“”]/g, '').trim())
    .filter((s) => (s.match(WORD)?.length ?? 0) >= 4);

// ---------------------------------------------------------------------------------------------
// The run

const ratio = (x: number, y: number): string => `${fmt(x / y, 1)}×`;

/** Baselines (a) fuse.js and (b) an exact shingle Map, beside the core on one small library. */
function runBaselines(corpus: Doc[], carriers: string[], random: () => number): void {
  const small = prefixLibrary(corpus, 2 * MB);
  const smallBytes = sumBytes(small);
  note(`baselines on a ${fmt(smallBytes / MB)} MB library`);
  const replies = new Map(
    SIZES.map((w) => [w, Array.from({ length: 12 }, () => makeReply(carriers, small, w, random))]),
  );

  const before = liveBytes();
  const recitalStart = performance.now();
  const recital = buildIndex(small);
  const recitalBuildS = (performance.now() - recitalStart) / 1000;
  const recitalMemory = liveBytes() - before;

  const beforeShingles = liveBytes();
  const shingleStart = performance.now();
  const shingles = new ShingleBaseline();
  small.forEach((d, i) => shingles.add(i, d.text));
  const shingleBuildS = (performance.now() - shingleStart) / 1000;
  const shingleMemory = liveBytes() - beforeShingles;

  const rows: string[][] = [
    [
      'build time s (incl. lookup table)',
      fmt(recitalBuildS, 2),
      fmt(shingleBuildS, 2),
      ratio(shingleBuildS, recitalBuildS),
    ],
    [
      'index memory MB (live heap + buffers after GC)',
      fmt(recitalMemory / MB, 2),
      fmt(shingleMemory / MB, 2),
      ratio(shingleMemory, recitalMemory),
    ],
  ];
  for (const words of SIZES) {
    const list = replies.get(words) as Reply[];
    const ours = timeScans(recital, list, options.scans);
    const theirs = timeCalls(list, options.scans, (text) => shingles.scan(text));
    const w = words.toLocaleString('en-US');
    rows.push([
      `${w}-word scan, median ms (wall)`,
      fmt(ours.median, 2),
      fmt(theirs.median, 2),
      ratio(theirs.median, ours.median),
    ]);
    rows.push([
      `${w}-word scan, median ms (CPU)`,
      fmt(ours.cpuMedian, 2),
      fmt(theirs.cpuMedian, 2),
      ratio(theirs.cpuMedian, ours.cpuMedian),
    ]);
    rows.push([
      `${w}-word replies: planted passages found (≥80% covered)`,
      `${ours.found}/${ours.planted}`,
      `${theirs.found}/${theirs.planted}`,
      '',
    ]);
  }
  table(
    `Baseline (b): every 8-word shingle in a JS Map (no stride, no verification), same ${fmt(smallBytes / MB)} MB library and replies`,
    ['measure', 'Recital core', 'shingle Map', 'shingle Map / Recital'],
    rows,
  );

  // fuse.js, the obvious way: paragraphs as the collection, each reply sentence as a pattern.
  note(`fuse.js on ${options.fuseSentences} sentences (seconds each)`);
  const paragraphs = small.flatMap((d) => paragraphsOf(d.text).map((p) => p.replace(/\s+/g, ' ')));
  const fuseStart = performance.now();
  const fuse = new Fuse(paragraphs, { ignoreLocation: true, threshold: 0.2, includeScore: true });
  const fuseBuildS = (performance.now() - fuseStart) / 1000;
  const fuseReplies = replies.get(500) as Reply[];
  const plantedSentences = fuseReplies.flatMap((r) =>
    r.planted.filter((p) => p.how === 'exact' || p.how === 'typography').map((p) => p.original),
  );
  const carrierSentences = fuseReplies.flatMap((r) =>
    sentencesOf(r.text.slice(0, r.planted[0]?.replyStart ?? r.text.length)),
  );
  const plantedCount = Math.min(Math.ceil(options.fuseSentences / 2), plantedSentences.length);
  const sample = [
    ...plantedSentences.slice(0, plantedCount).map((s) => ({ s, planted: true })),
    ...carrierSentences
      .slice(0, options.fuseSentences - plantedCount)
      .map((s) => ({ s, planted: false })),
  ];
  const fuseTimes: number[] = [];
  let located = 0;
  for (const { s, planted } of sample) {
    const t0 = performance.now();
    const results = fuse.search(s, { limit: 5 });
    fuseTimes.push(performance.now() - t0);
    if (planted && results[0]?.item.toLowerCase().includes(s.toLowerCase().slice(0, 60))) located++;
  }
  const sentencesPerReply =
    fuseReplies.reduce((n, r) => n + sentencesOf(r.text).length, 0) / fuseReplies.length;
  const perSentence = fuseTimes.reduce((a, b) => a + b, 0) / Math.max(1, fuseTimes.length);
  const perReply = perSentence * sentencesPerReply;
  const ours500 = timeScans(recital, fuseReplies, options.scans);
  table(
    `Baseline (a): fuse.js (ignoreLocation, threshold 0.2) over the ${paragraphs.length.toLocaleString('en-US')} paragraphs of the same library; ${fuseTimes.length} reply sentences timed`,
    ['measure', 'Recital core', 'fuse.js', 'fuse.js / Recital'],
    [
      ['build s', fmt(recitalBuildS, 2), fmt(fuseBuildS, 2), ''],
      ['ms per sentence pattern (wall)', '', fmt(perSentence, 0), ''],
      [
        `500-word reply (${fmt(sentencesPerReply, 0)} sentences), ms (wall)`,
        fmt(ours500.median, 2),
        `${fmt(perReply, 0)} (projected)`,
        ratio(perReply, ours500.median),
      ],
      [
        'planted sentences whose source paragraph ranks first',
        `${ours500.found}/${ours500.planted} passages found`,
        `${located}/${plantedCount}`,
        '',
      ],
    ],
  );
}

const SIZES = [500, 2000, 5000];

function main(): void {
  const started = performance.now();
  const libraryDir = path.join(options.corpus, 'library');
  if (!fs.existsSync(libraryDir) || !fs.existsSync(path.join(options.corpus, 'carriers.jsonl'))) {
    process.stdout.write(
      `Corpus not found at ${options.corpus} (set RECITAL_CORPUS or --corpus); nothing to measure.\n`,
    );
    return;
  }
  process.stdout.write(
    `Recital core bench, ${new Date().toISOString()}, Node ${process.version}, ${os.cpus().length} cores, load average at start ${os
      .loadavg()
      .map((x) => fmt(x, 1))
      .join(' / ')}\n\n`,
  );
  note('loading the corpus');
  const corpus = loadCorpusLibrary(libraryDir);
  const carriers = loadCarriers(options.corpus);
  const corpusBytes = sumBytes(corpus);
  const random = seededRandom(7);

  // Baselines first, while the heap is small and quiet.
  runBaselines(corpus, carriers, random);

  // Build throughput and index size.
  note(`indexing the corpus library (${fmtMb(corpusBytes)}) twice`);
  const corpusBuild = [buildIndex(corpus), buildIndex(corpus)].reduce((a, b) =>
    a.addSeconds <= b.addSeconds ? a : b,
  );

  note(`generating a ${fmt(options.bigMb / 1000, 1)} GB library`);
  const genStarted = performance.now();
  const big = generateLibrary(corpus, options.bigMb * MB);
  const genSeconds = (performance.now() - genStarted) / 1000;
  note(
    `generated ${big.length} documents, ${fmtMb(sumBytes(big))} in ${fmt(genSeconds)} s; indexing`,
  );
  const bigBuild = buildIndex(big);

  table(
    'Index build (default shape k=6, S=6; one thread)',
    [
      'library',
      'text (UTF-8)',
      'addDocument MB/s (wall)',
      'addDocument MB/s (CPU)',
      'incl. lookup table MB/s (wall)',
      'lookup table s',
      'index bytes per text byte',
      'index bytes per MB',
      'postings',
    ],
    (
      [
        ['corpus library (Project Gutenberg)', corpusBuild],
        ['generated library (corpus + letter-permuted copies)', bigBuild],
      ] as [string, Built][]
    ).map(([name, b]) => [
      name,
      `${fmtMb(b.bytes)} (${b.index.size} docs)`,
      fmt(b.bytes / MB / b.addSeconds),
      fmt(b.bytes / MB / b.addCpuSeconds),
      fmt(b.bytes / MB / (b.addSeconds + b.tableSeconds)),
      fmt(b.tableSeconds, 2),
      fmt(b.serializedBytes / b.bytes, 3),
      fmt((b.serializedBytes / b.bytes) * MB, 0),
      b.index.postingCount.toLocaleString('en-US'),
    ]),
  );

  // Scan latency and streaming.
  const libraries: [string, Doc[]][] = [
    ['10 MB', prefixLibrary(corpus, 10 * MB)],
    ['100 MB', prefixLibrary(big, 100 * MB)],
    [`${fmt(sumBytes(big) / 1e9, 2)} GB`, big],
  ];
  const scanRows: string[][] = [];
  const streamRows: string[][] = [];
  const incrementalRows: string[][] = [];
  let fiveThousandVs100 = NaN;
  let fiveThousandVs100Cpu = NaN;
  for (const [name, docs] of libraries) {
    note(`scanning against the ${name} library`);
    const built = docs === big ? bigBuild : buildIndex(docs);
    for (const words of SIZES) {
      const replies = Array.from({ length: 12 }, () => makeReply(carriers, docs, words, random));
      const latency = timeScans(built, replies, options.scans);
      if (name === '100 MB' && words === 5000) {
        fiveThousandVs100 = latency.median;
        fiveThousandVs100Cpu = latency.cpuMedian;
      }
      scanRows.push([
        `${name} (${built.index.size} docs)`,
        words.toLocaleString('en-US'),
        fmt(latency.median, 2),
        fmt(latency.p95, 2),
        fmt(latency.cpuMedian, 2),
        `${latency.found}/${latency.planted}`,
      ]);
    }
    incrementalRows.push([
      `${name} (${built.index.size} docs)`,
      ...timeIncremental(built, corpus[0] as Doc).map((ms) => fmt(ms, 0)),
    ]);
    if (name !== '10 MB') {
      const stream = timeStreaming(built, makeReply(carriers, docs, 5000, random));
      streamRows.push([
        name,
        stream.words.toLocaleString('en-US'),
        fmt(stream.totalMs, 0),
        fmt(stream.perWordMicros, 0),
        fmt(stream.firstMicros, 0),
        fmt(stream.lastMicros, 0),
        stream.agrees ? 'yes' : 'NO',
      ]);
    }
  }
  table(
    `Scan latency: findSpans, warm (index built, texts in memory), ${options.scans} scans of 12 replies per row`,
    [
      'library',
      'reply words',
      'median ms (wall)',
      'p95 ms (wall)',
      'median ms (CPU)',
      'planted passages found (≥80% covered)',
    ],
    scanRows,
  );
  table(
    `Adding and removing one document (${fmtMb((corpus[0] as Doc).bytes)}) in a built index; the first scan after an addition rebuilds the small delta table, a removal only marks the document`,
    ['library', 'addDocument ms', 'first scan after add ms', 'removeDocument + first scan ms'],
    incrementalRows,
  );
  table(
    'Streaming a 5,000-word reply word by word (one ReplyScanner.update per word)',
    [
      'library',
      'updates',
      'total ms',
      'µs per word (mean)',
      'µs per word, first 1,000',
      'µs per word, last 1,000',
      'final spans = findSpans',
    ],
    streamRows,
  );

  // Memory and targets.
  sampleMemory();
  table(
    'Peak memory (whole run; the generated library and three indexes loaded at once)',
    ['measure', 'value'],
    [
      ['peak RSS (process.resourceUsage().maxRSS)', fmtMb(process.resourceUsage().maxRSS * 1024)],
      ['peak V8 heap used (sampled after each phase)', fmtMb(peakHeap)],
      ['peak array buffers (sampled after each phase)', fmtMb(peakArrayBuffers)],
    ],
  );
  const corpusMbS = corpusBuild.bytes / MB / corpusBuild.addSeconds;
  const indexRatio = bigBuild.serializedBytes / bigBuild.bytes;
  table(
    'Targets',
    ['target', 'measured', 'met'],
    [
      [
        'build ≥ 60 MB/s in Node (corpus, addDocument, wall)',
        `${fmt(corpusMbS)} MB/s (CPU: ${fmt(corpusBuild.bytes / MB / corpusBuild.addCpuSeconds)} MB/s)`,
        corpusMbS >= 60 ? 'yes' : 'no',
      ],
      [
        '5,000-word scan vs 100 MB ≤ 5 ms median, warm',
        `${fmt(fiveThousandVs100, 2)} ms (CPU: ${fmt(fiveThousandVs100Cpu, 2)} ms)`,
        fiveThousandVs100 <= 5 ? 'yes' : 'no',
      ],
      [
        'index ≤ 0.35 bytes per byte of text (generated library)',
        fmt(indexRatio, 3),
        indexRatio <= 0.35 ? 'yes' : 'no',
      ],
    ],
  );
  process.stdout.write(
    `Run took ${fmt((performance.now() - started) / 1000, 0)} s (library generation ${fmt(genSeconds, 0)} s); load average at the end ${os
      .loadavg()
      .map((x) => fmt(x, 1))
      .join(' / ')}.\n`,
  );
}

main();
