// Text: the corpus library, a generated large library, replies with planted passages.
import fs from 'node:fs';
import path from 'node:path';
import { seededRandom } from '../../unit/core/fixtures';
import { sampleMemory } from './measure';

export interface Doc {
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

export function loadCorpusLibrary(dir: string): Doc[] {
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => {
      const buffer = fs.readFileSync(path.join(dir, name));
      return { id: name, text: buffer.toString('utf8'), bytes: buffer.byteLength };
    });
}

export const paragraphsOf = (text: string): string[] =>
  text.split(/\r?\n[ \t]*\r?\n/).filter((p) => p.trim().length > 0);

/**
 * A library of about `targetBytes`: the corpus books as they are, then copies of the corpus whose
 * letters pass through a different permutation per copy (consonants among consonants, vowels
 * among vowels, case kept), with the paragraphs shuffled across books and cut into book-sized
 * documents. Each copy maps words one-to-one, so word frequencies, word lengths and document
 * sizes stay those of real books, while no copy shares its shingles with another.
 */
export function generateLibrary(corpus: Doc[], targetBytes: number): Doc[] {
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
export function prefixLibrary(docs: Doc[], bytes: number): Doc[] {
  const out: Doc[] = [];
  let total = 0;
  for (const d of docs) {
    if (out.length && total + d.bytes > bytes) break;
    out.push(d);
    total += d.bytes;
  }
  return out;
}

export const sumBytes = (docs: Doc[]): number => docs.reduce((n, d) => n + d.bytes, 0);

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

export interface Reply {
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
export function makeReply(
  carriers: string[],
  library: Doc[],
  words: number,
  random: () => number,
): Reply {
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

export function loadCarriers(corpus: string): string[] {
  return fs
    .readFileSync(path.join(corpus, 'carriers.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { text: string }).text)
    .filter((t) => t.length > 500);
}

export const sentencesOf = (text: string): string[] =>
  text
    .split(/(?<=[.!?:])\s+|\n+/)
    .map((s) => s.replace(/[*>“”]/g, '').trim())
    .filter((s) => (s.match(WORD)?.length ?? 0) >= 4);
