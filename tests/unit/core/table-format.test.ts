import { describe, expect, it } from 'vitest';
import {
  findSpans,
  INDEX_FORMAT_VERSION,
  IndexFormatError,
  PassageIndex,
  TABLE_FORMAT_VERSION,
  type IndexOptions,
} from '../../../src/core/index';
import { LANTERN_BOOK, library, ORCHARD_BOOK } from './fixtures';

const docs: Record<string, string> = {
  'books/lantern.txt': LANTERN_BOOK,
  'books/orchard.txt': ORCHARD_BOOK,
  'ünïcode name 日本.txt': `${ORCHARD_BOOK}\n\n${LANTERN_BOOK}`,
  empty: '',
};
const getText = (id: string): string | undefined => docs[id];
const reply = `${LANTERN_BOOK.slice(300, 800)} and ${ORCHARD_BOOK.slice(100, 600)}`;
const join = (parts: Uint8Array[]): ArrayBuffer => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out.buffer;
};
const saved = (options: Partial<IndexOptions> = {}): ArrayBuffer =>
  join(library(docs, options).index.exportTable('base') as Uint8Array[]);

/** What a store does: save both tables, then load the base and add the delta to it. */
const reload = (index: PassageIndex): PassageIndex => {
  const copy = PassageIndex.fromTable(join(index.exportTable('base') as Uint8Array[]));
  const delta = index.exportTable('delta');
  if (delta) copy.addDeltaTable(join(delta));
  return copy;
};
const late = 'a short late document of a dozen words or so, well below the delta share';

const setU32 = (buffer: ArrayBuffer, at: number, value: number): ArrayBuffer => {
  const copy = buffer.slice(0);
  new DataView(copy).setUint32(at, value, true);
  return copy;
};
const flip = (buffer: ArrayBuffer, at: number): ArrayBuffer => {
  const copy = buffer.slice(0);
  const bytes = new Uint8Array(copy);
  const i = at < 0 ? bytes.length + at : at;
  bytes[i] = (bytes[i] as number) ^ 0x01;
  return copy;
};

describe('PassageIndex saved lookup table', () => {
  it.each<[string, Partial<IndexOptions>]>([
    ['the default shape', {}],
    ['k=8, S=4', { shingleWords: 8, stride: 4 }],
  ])('round-trips with the same documents and the same spans (%s)', (_shape, options) => {
    const { index } = library(docs, options);
    const copy = PassageIndex.fromTable(join(index.exportTable('base') as Uint8Array[]), options);
    expect(copy.options).toEqual(index.options);
    expect(copy.documents()).toEqual(index.documents());
    expect(copy.postingCount).toBe(index.postingCount);
    expect(findSpans(copy, reply, getText)).toEqual(findSpans(index, reply, getText));
    expect(findSpans(copy, reply, getText).spans.length).toBeGreaterThan(1);
    expect(copy.tableVersions).toEqual({ base: 0, delta: 0 });
  });

  it('lists removed documents whose entries it still holds, so the caller can drop them', () => {
    const { index } = library(docs);
    findSpans(index, reply, getText);
    index.removeDocument('books/orchard.txt');
    const copy = PassageIndex.fromTable(join(index.exportTable('base') as Uint8Array[]));
    expect(copy.has('books/orchard.txt')).toBe(true);
    copy.removeDocument('books/orchard.txt');
    expect(findSpans(copy, reply, getText)).toEqual(findSpans(index, reply, getText));
  });
});

describe('PassageIndex saved delta table and reloads', () => {
  it('saves a small addition in the delta table, which loads onto its base', () => {
    const { index } = library(docs);
    findSpans(index, reply, getText);
    index.addDocument('late', late);
    const base = PassageIndex.fromTable(join(index.exportTable('base') as Uint8Array[]));
    expect(base.has('late')).toBe(false);
    expect(base.size).toBe(4);
    const copy = reload(index);
    expect(copy.documents()).toEqual(index.documents());
    expect(copy.postingCount).toBe(index.postingCount);
    const text = (id: string): string | undefined => (id === 'late' ? late : docs[id]);
    const withLate = `${reply} then ${late}`;
    expect(findSpans(copy, withLate, text, { minWords: 6 })).toEqual(
      findSpans(index, withLate, text, { minWords: 6 }),
    );
    expect(
      findSpans(copy, withLate, text, { minWords: 6 }).spans.some((s) => s.docId === 'late'),
    ).toBe(true);
  });

  it('gives a document of the delta precedence over a base document with the same id', () => {
    const { index } = library(docs);
    findSpans(index, reply, getText);
    index.addDocument('books/orchard.txt', late);
    const copy = reload(index);
    expect(copy.document('books/orchard.txt')).toEqual(index.document('books/orchard.txt'));
    expect(copy.size).toBe(4);
    const text = (id: string): string | undefined => (id === 'books/orchard.txt' ? late : docs[id]);
    expect(findSpans(copy, reply, text)).toEqual(findSpans(index, reply, text));
  });

  it('refuses a delta table saved beside another base table, and stays unchanged', () => {
    const { index } = library(docs);
    findSpans(index, reply, getText);
    index.addDocument('late', late);
    const delta = join(index.exportTable('delta') as Uint8Array[]);
    const other = PassageIndex.fromTable(
      join(
        library({ one: LANTERN_BOOK, two: ORCHARD_BOOK }).index.exportTable('base') as Uint8Array[],
      ),
    );
    expect(() => other.addDeltaTable(delta)).toThrow(IndexFormatError);
    expect(other.documents().map((d) => d.id)).toEqual(['one', 'two']);
    expect(() => PassageIndex.fromTable(delta)).toThrow(IndexFormatError);
    const base = PassageIndex.fromTable(saved());
    expect(() => base.addDeltaTable(saved())).toThrow(IndexFormatError);
  });

  it('changes and saves again after loading', () => {
    const copy = PassageIndex.fromTable(saved());
    copy.removeDocument('books/lantern.txt');
    copy.addDocument('books/lantern-2.txt', LANTERN_BOOK);
    const again = reload(copy);
    const text = (id: string): string | undefined =>
      id === 'books/lantern-2.txt' ? LANTERN_BOOK : docs[id];
    expect(findSpans(again, reply, text)).toEqual(findSpans(copy, reply, text));
    expect(again.documents().map((d) => d.id)).toEqual(copy.documents().map((d) => d.id));
  });

  it('has nothing to save for an empty index', () => {
    expect(new PassageIndex().exportTable('base')).toBeUndefined();
    expect(new PassageIndex().exportTable('delta')).toBeUndefined();
  });
});

describe('PassageIndex saved lookup table errors', () => {
  it.each<[string, () => ArrayBuffer, Partial<IndexOptions>]>([
    ['a wrong magic number', () => setU32(saved(), 0, 0x12345678), {}],
    ['a newer table format', () => setU32(saved(), 4, TABLE_FORMAT_VERSION + 1), {}],
    ['another index format', () => setU32(saved(), 8, INDEX_FORMAT_VERSION + 1), {}],
    ['another index shape', () => saved(), { shingleWords: 8, stride: 4 }],
    ['an empty buffer', () => new ArrayBuffer(0), {}],
    ['a truncated table', () => saved().slice(0, saved().byteLength - 12), {}],
    ['bytes appended', () => join([new Uint8Array(saved()), new Uint8Array(12)]), {}],
    ['a damaged posting', () => flip(saved(), -20), {}],
    ['a damaged bucket start', () => flip(saved(), -(12 * 200)), {}],
    ['a damaged document list', () => flip(saved(), 60), {}],
    [
      'random bytes',
      () => Uint8Array.from({ length: 512 }, (_, i) => (i * 97 + 13) & 0xff).buffer,
      {},
    ],
  ])('PassageIndex.fromTable throws IndexFormatError for %s', (_name, make, options) => {
    expect(() => PassageIndex.fromTable(make(), options)).toThrow(IndexFormatError);
  });

  it('throws only IndexFormatError (never another error) for every single-word damage to the header', () => {
    const good = saved();
    const others: string[] = [];
    for (let field = 0; field < 14; field++) {
      for (const value of [0, 1, 3, 1024, 0x7fffffff, 0xffffffff]) {
        try {
          PassageIndex.fromTable(setU32(good, field * 4, value));
        } catch (e) {
          if (!(e instanceof IndexFormatError))
            others.push(`field ${field} = ${value}: ${String(e)}`);
        }
      }
    }
    expect(others).toEqual([]);
  });
});
