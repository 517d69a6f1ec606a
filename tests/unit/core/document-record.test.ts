import { describe, expect, it } from 'vitest';
import {
  findSpans,
  INDEX_FORMAT_VERSION,
  IndexFormatError,
  PassageIndex,
  type IndexOptions,
} from '../../../src/core/index';
import { LANTERN_BOOK, library, ORCHARD_BOOK } from './fixtures';

const docs: Record<string, string> = {
  'books/lantern.txt': LANTERN_BOOK,
  'books/orchard.txt': ORCHARD_BOOK,
  'ünïcode name 日本.txt': `${ORCHARD_BOOK}\n\n${LANTERN_BOOK}`,
};
const getText = (id: string): string | undefined => docs[id];
const replies = [
  'Orla Finch kept the last lantern workshop on the harbour road, a narrow room that smelled of beeswax.',
  'In winter the panes wept with condensation and the whole orchard glowed like a lantern at dusk, she said.',
  'Nothing copied here at all, just a reply of my own words and thoughts.',
];
const scanAll = (index: PassageIndex): unknown => replies.map((r) => findSpans(index, r, getText));

const setU32 = (buffer: ArrayBuffer, at: number, value: number): ArrayBuffer => {
  const copy = buffer.slice(0);
  new DataView(copy).setUint32(at, value);
  return copy;
};
const whole = (): ArrayBuffer => library(docs).index.serialize();
const record = (): ArrayBuffer => library(docs).index.serializeDocument('books/lantern.txt');

describe('PassageIndex serialization round trips', () => {
  it.each<[string, Partial<IndexOptions>]>([
    ['the default shape', {}],
    ['k=8, S=4', { shingleWords: 8, stride: 4 }],
  ])('round-trips the whole index with identical scan results (%s)', (_shape, options) => {
    const { index } = library(docs, options);
    const copy = PassageIndex.deserialize(index.serialize());
    expect(copy.options).toEqual(index.options);
    expect(copy.documents()).toEqual(index.documents());
    expect(scanAll(copy)).toEqual(scanAll(index));
    expect((scanAll(index) as { spans: unknown[] }[])[0]?.spans.length).toBeGreaterThan(0);
  });

  it('round-trips each document on its own with identical scan results', () => {
    const { index } = library(docs);
    const copy = new PassageIndex();
    for (const { id } of index.documents())
      expect(copy.addSerializedDocument(index.serializeDocument(id)).id).toBe(id);
    expect(copy.documents()).toEqual(index.documents());
    expect(scanAll(copy)).toEqual(scanAll(index));
  });

  it('round-trips an empty index', () => {
    const copy = PassageIndex.deserialize(new PassageIndex().serialize());
    expect(copy.size).toBe(0);
    expect(findSpans(copy, replies[0] as string, getText).spans).toEqual([]);
  });

  it('throws an Error for serializeDocument of an unknown id', () => {
    expect(() => new PassageIndex().serializeDocument('nope')).toThrow(/nope/);
  });
});

describe('PassageIndex serialization errors', () => {
  it.each<[string, () => ArrayBuffer]>([
    ['a newer format version', () => setU32(whole(), 4, INDEX_FORMAT_VERSION + 1)],
    ['an older format version', () => setU32(whole(), 4, INDEX_FORMAT_VERSION - 1)],
    ['a wrong magic number', () => setU32(whole(), 0, 0x12345678)],
    ['an empty buffer', () => new ArrayBuffer(0)],
    ['a buffer shorter than the header', () => whole().slice(0, 10)],
    ['a truncated buffer', () => whole().slice(0, whole().byteLength - 3)],
    ['a buffer cut inside the first record', () => whole().slice(0, 60)],
    ['a record count larger than the records', () => setU32(whole(), 8, 99)],
    ['a damaged record length', () => setU32(whole(), 16, 7)],
    [
      'a record with another format version inside a valid envelope',
      () => setU32(whole(), 20 + 4, INDEX_FORMAT_VERSION + 1),
    ],
    ['random bytes', () => Uint8Array.from({ length: 256 }, (_, i) => (i * 97 + 13) & 0xff).buffer],
  ])('PassageIndex.deserialize throws IndexFormatError for %s', (_name, make) => {
    expect(() => PassageIndex.deserialize(make())).toThrow(IndexFormatError);
  });

  it.each<[string, () => ArrayBuffer, Partial<IndexOptions>]>([
    ['a newer format version', () => setU32(record(), 4, INDEX_FORMAT_VERSION + 1), {}],
    ['a wrong magic number', () => setU32(record(), 0, 0), {}],
    ['another index shape', () => record(), { shingleWords: 8, stride: 4 }],
    ['a truncated record', () => record().slice(0, record().byteLength - 4), {}],
    [
      'a record with bytes appended',
      () => new Uint8Array([...new Uint8Array(record()), 0, 0, 0, 0]).buffer,
      {},
    ],
    ['a record shorter than its header', () => record().slice(0, 20), {}],
    ['a damaged postings count', () => setU32(record(), 24, 3), {}],
    ['a damaged id length', () => setU32(record(), 32, 0xffff), {}],
  ])('addSerializedDocument throws IndexFormatError for %s', (_name, make, options) => {
    expect(() => new PassageIndex(options).addSerializedDocument(make())).toThrow(IndexFormatError);
  });

  it('names the versions in the format error message', () => {
    expect(() => PassageIndex.deserialize(setU32(whole(), 4, 999))).toThrow(
      `index format 999, expected ${INDEX_FORMAT_VERSION}`,
    );
  });

  it('throws only IndexFormatError (never another error) for every single-word damage to a record header', () => {
    const good = record();
    const others: string[] = [];
    for (let field = 0; field < 10; field++) {
      for (const value of [0, 1, 3, 0x7fffffff, 0xffffffff]) {
        try {
          new PassageIndex().addSerializedDocument(setU32(good, field * 4, value));
        } catch (e) {
          if (!(e instanceof IndexFormatError))
            others.push(`field ${field} = ${value}: ${String(e)}`);
        }
      }
    }
    expect(others).toEqual([]);
  });

  // BUG: a record has no checksum, so flipped bytes in its postings or checkpoints are accepted
  // silently (addSerializedDocument's JSDoc promises IndexFormatError for a damaged buffer).
  it('rejects a record whose postings were damaged', () => {
    const damaged = record();
    const bytes = new Uint8Array(damaged);
    bytes[bytes.length - 40] = (bytes[bytes.length - 40] as number) ^ 0xff;
    expect(() => new PassageIndex().addSerializedDocument(damaged)).toThrow(IndexFormatError);
  });
});
