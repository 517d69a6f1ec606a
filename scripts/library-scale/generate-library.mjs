// The library of each size as .txt files in a temp folder, generated as the core bench does
// (tests/bench/core/bench-text.ts, generateLibrary): the corpus books, then copies of the corpus
// whose letters pass through a different permutation per copy, paragraphs shuffled across books
// and cut into 500 KB documents. Ported to .mjs and written file by file, so a 4 GB library
// never sits in memory; same seed and order of random draws, so the same documents.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The same generator as tests/unit/core/fixtures.ts (mulberry32). */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(items, random) {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

const paragraphsOf = (text) => text.split(/\r?\n[ \t]*\r?\n/).filter((p) => p.trim().length > 0);

/** "83M", "1G", "4G" in bytes (decimal units, as the core bench counts MB). */
function parseSize(size) {
  const m = /^(\d+(?:\.\d+)?)([MG])$/i.exec(size);
  if (!m) throw new Error(`--sizes takes sizes like 83M or 1G, not "${size}"`);
  return Math.round(Number(m[1]) * (m[2].toUpperCase() === 'G' ? 1e9 : 1e6));
}

/** Yields the generated documents after the corpus until `total` reaches `targetBytes`. */
function* generatedDocs(buffers, total, targetBytes) {
  const random = seededRandom(42);
  let count = buffers.length;
  for (let copy = 1; total < targetBytes; copy++) {
    const map = new Uint8Array(256).map((_, i) => i);
    for (const group of ['bcdfghjklmnpqrstvwxz', 'aeiouy']) {
      const letters = [...group];
      const permuted = shuffle([...letters], random);
      letters.forEach((from, i) => {
        map[from.charCodeAt(0)] = permuted[i].charCodeAt(0);
        map[from.toUpperCase().charCodeAt(0)] = permuted[i].toUpperCase().charCodeAt(0);
      });
    }
    const paragraphs = [];
    for (const source of buffers) {
      const mapped = Buffer.allocUnsafe(source.length);
      for (let i = 0; i < source.length; i++) mapped[i] = map[source[i]];
      for (const p of paragraphsOf(mapped.toString('utf8'))) paragraphs.push(p);
    }
    shuffle(paragraphs, random);
    let part = [];
    let partBytes = 0;
    const flush = function* () {
      const name = `copy-${String(copy).padStart(2, '0')}-book-${String(count++).padStart(5, '0')}.txt`;
      yield { name, text: part.join('\n\n') };
      total += partBytes;
      part = [];
      partBytes = 0;
    };
    for (const p of paragraphs) {
      part.push(p);
      partBytes += Buffer.byteLength(p) + 2;
      if (partBytes >= 500_000) yield* flush();
      if (total >= targetBytes) break;
    }
    if (part.length && total < targetBytes) yield* flush();
  }
}

/**
 * The folder holding the library of `targetBytes` (made once, reused while its list is there):
 * under 98% of the corpus, the longest prefix of its books; within 2% of it (83M), the corpus
 * as it is; above, the corpus and generated documents. Returns the folder and its files in
 * import order with their sizes.
 */
export function libraryFolder(corpusDir, size) {
  const targetBytes = parseSize(size);
  const folder = path.join(os.tmpdir(), `recital-library-scale-${size}`);
  const listPath = path.join(folder, 'files.json');
  if (fs.existsSync(listPath)) return { folder, files: JSON.parse(fs.readFileSync(listPath)) };
  fs.rmSync(folder, { recursive: true, force: true });
  fs.mkdirSync(folder, { recursive: true });
  const names = fs
    .readdirSync(corpusDir)
    .filter((f) => f.endsWith('.txt'))
    .sort();
  // Nothing to copy or draw from would never reach the target size.
  if (names.length === 0)
    throw new Error(`no .txt books in ${corpusDir}: pass the corpus's library folder`);
  const buffers = names.map((f) => fs.readFileSync(path.join(corpusDir, f)));
  const corpusBytes = buffers.reduce((n, b) => n + b.length, 0);
  const files = [];
  let total = 0;
  for (const [i, name] of names.entries()) {
    const bytes = buffers[i].length;
    if (targetBytes < corpusBytes * 0.98 && files.length > 0 && total + bytes > targetBytes) break;
    fs.copyFileSync(path.join(corpusDir, name), path.join(folder, name));
    files.push({ name, bytes });
    total += bytes;
  }
  if (targetBytes > corpusBytes * 1.02)
    for (const { name, text } of generatedDocs(buffers, total, targetBytes)) {
      fs.writeFileSync(path.join(folder, name), text);
      files.push({ name, bytes: Buffer.byteLength(text) });
    }
  // Written last: a folder without it (an interrupted run) is made again.
  fs.writeFileSync(listPath, JSON.stringify(files));
  return { folder, files };
}
