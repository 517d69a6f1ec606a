// A base table whose entries stay in storage (PassageIndex.fromTable with an EntryLoader): lookups
// ask the loader for exactly the buckets they read and find what the table in memory finds; a
// merge or an export reads every entry first; the loader's error reaches the caller. With bucket
// starts left in storage too, lookups ask for the two starts of each bucket they read.
import { describe, expect, it } from 'vitest';
import {
  findSpans,
  IndexFormatError,
  PassageIndex,
  tableHeadBytes,
  type EntryLoader,
  type StartsLoader,
} from '../../../src/core/index';
import { ALMANAC_BOOK, inventWords, LANTERN_BOOK, library, ORCHARD_BOOK } from './fixtures';

const docs: Record<string, string> = {
  'lantern.txt': LANTERN_BOOK,
  'orchard.txt': ORCHARD_BOOK,
  'almanac.txt': ALMANAC_BOOK,
  'invented.txt': inventWords(4000, 5).join(' '),
};
const getText = (id: string): string | undefined => docs[id];
const reply = `${LANTERN_BOOK.slice(300, 800)} and ${ORCHARD_BOOK.slice(100, 600)}`;

function joined(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** A stored copy of `docs`' base table: its head, and a loader that copies pairs as asked. */
function stored(failAt?: number) {
  const bytes = joined(library(docs).index.exportTable('base') as Uint8Array[]);
  const { headBytes, pairs } = tableHeadBytes(bytes);
  const saved = new Uint32Array(bytes.slice(headBytes).buffer);
  const loads: [number, number][] = [];
  const loader: EntryLoader = {
    entries: new Uint32Array(2 * pairs),
    load(from, to) {
      if (failAt !== undefined && from <= failAt && failAt < to) throw new Error('bad block');
      loads.push([from, to]);
      loader.entries.set(saved.subarray(2 * from, 2 * to), 2 * from);
    },
  };
  const index = PassageIndex.fromTable(bytes.slice(0, headBytes).buffer, {}, loader);
  return { index, loads, pairs, bytes, loader };
}

describe('a stored base table', () => {
  it('finds what the table in memory finds, loading only non-empty buckets it reads', () => {
    const { index, loads, pairs } = stored();
    const { index: built } = library(docs);
    expect(findSpans(index, reply, getText)).toEqual(findSpans(built, reply, getText));
    expect(findSpans(index, reply, getText).spans.length).toBeGreaterThan(0);
    expect(loads.length).toBeGreaterThan(0);
    expect(loads.every(([from, to]) => to > from && to - from < pairs)).toBe(true);
    const loaded = loads.reduce((n, [from, to]) => n + to - from, 0);
    expect(loaded).toBeLessThan(pairs);
  });

  it('reads every entry before a merge, and finds a document added after', () => {
    const { index, loads, pairs } = stored();
    const added = inventWords(3000, 77).join(' ');
    index.addDocument('added.txt', added);
    index.removeDocument('invented.txt');
    const text = (id: string) => (id === 'added.txt' ? added : getText(id));
    const quote = added.split(' ').slice(500, 540).join(' ');
    expect(findSpans(index, quote, text).spans.map((s) => s.docId)).toEqual(['added.txt']);
    expect(loads).toContainEqual([0, pairs]);
    expect(findSpans(index, reply, text).spans.length).toBeGreaterThan(0);
  });

  it('exports the very bytes it was loaded from', () => {
    const { index, bytes } = stored();
    expect(joined(index.exportTable('base') as Uint8Array[])).toEqual(bytes);
  });

  it('throws what the loader throws from a lookup that reaches its failing bucket', () => {
    const { index } = stored(0);
    const text = LANTERN_BOOK + ORCHARD_BOOK + ALMANAC_BOOK + (docs['invented.txt'] as string);
    expect(() => findSpans(index, text, getText)).toThrow('bad block');
  });
});

/** `docs`' base table with its bucket starts and entries in storage; `bad` changes a start read. */
function storedStarts(bad?: (starts: Uint32Array) => void) {
  const { loader, pairs, bytes } = stored();
  const { startsAt, headBytes } = tableHeadBytes(bytes);
  const saved = new Uint32Array(bytes.slice(startsAt, headBytes).buffer);
  const asked: [number, number][] = [];
  const startsLoader: StartsLoader = {
    starts: new Uint32Array(saved.length),
    loadStarts(from, to) {
      asked.push([from, to]);
      startsLoader.starts.set(saved.subarray(from, to), from);
      bad?.(startsLoader.starts);
    },
  };
  const index = PassageIndex.fromTable(bytes.slice(0, startsAt).buffer, {}, loader, startsLoader);
  return { index, asked, pairs, buckets: saved.length - 1, bytes };
}

describe('a stored base table with its bucket starts in storage too', () => {
  it('finds what the table in memory finds, asking for the two starts of each bucket read', () => {
    const { index, asked, buckets } = storedStarts();
    const { index: built } = library(docs);
    expect(asked).toEqual([]);
    expect(findSpans(index, reply, getText)).toEqual(findSpans(built, reply, getText));
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every(([from, to]) => to === from + 2 && to <= buckets + 1)).toBe(true);
  });

  it('reads every start before an export, and exports the very bytes it was loaded from', () => {
    const { index, asked, buckets, bytes } = storedStarts();
    expect(joined(index.exportTable('base') as Uint8Array[])).toEqual(bytes);
    expect(asked).toContainEqual([0, buckets + 1]);
  });

  it('refuses a start beyond the entries whatever its loader let through', () => {
    const { index, pairs } = storedStarts((starts) =>
      // Every even bucket reaching past the entries' end.
      starts.forEach((_, i) => (starts[i] = i % 2 === 0 ? 0 : pairs + 1)),
    );
    expect(() => findSpans(index, reply, getText)).toThrow(IndexFormatError);
  });
});
