import { describe, expect, it } from 'vitest';
import { cutParts, PassageIndex } from '../../../../src/core/index';
import { importFile } from '../../../../src/library/import/index';
import { prepareDocument, type ReadTextPart } from '../../../../src/library/store/index';
import { filePartsOf, readPartsFromFile } from '../../../../src/library/store/text-file';
import { seededRandom } from '../../core/fixtures';
import { raw, useTestStore } from './store-fixture';

const t = useTestStore();
const utf8 = (text: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(text);

// Words, and what may stand between them in a plain-text file: every kind of blank space the
// import tidies (line ends, spaces before them, runs of blank lines), and characters of one to
// four bytes in UTF-8.
const WORDS = ['the', 'ledger', 'café', 'naïve', 'Straße', '日本語', 'x😀y', '𝔘nicode', 'CHAPTER'];
const BETWEEN = [
  ' ',
  ' ',
  ' ',
  '\n',
  '\r\n',
  '  \n',
  ' \t\r\n',
  '\n\n\n\n',
  '\r\n\r\n\r\n',
  '\u00a0\n',
];

/** A plain-text file of `words` words with every kind of blank space the import tidies. */
function messyFile(words: number, seed: number): string {
  const random = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const out = ['\ufeff', '\r\n  \n'];
  for (let i = 0; i < words; i++) {
    out.push(pick(WORDS), i % 997 === 0 ? `\nChapter ${i}\n` : pick(BETWEEN));
  }
  out.push('  \r\n\r\n');
  return out.join('');
}

/** The file read as the import reads it, with its checkpoints and its file parts. */
async function imported(bytes: Uint8Array<ArrayBuffer>) {
  const doc = await importFile({ name: 'book.txt', bytes });
  const scratch = new PassageIndex();
  const { contentHash } = scratch.addDocument('d', doc.text);
  const checkpoints = scratch.checkpointsOf('d') as Uint32Array;
  const record = filePartsOf(bytes.byteLength, doc.decoded as string, doc.text, {
    checkpoints,
    contentHash,
  });
  return { doc, checkpoints, contentHash, record };
}

describe('file parts: the parts of a kept plain-text file read from it', () => {
  it.each([1, 2, 3])(
    'gives exactly the parts cut from the whole text, whatever blank space the import tidied (seed %i)',
    async (seed) => {
      const bytes = utf8(messyFile(12_000, seed));
      const { doc, checkpoints, contentHash, record } = await imported(bytes);
      expect(record).toBeDefined();
      const cut = cutParts(doc.text, checkpoints);
      expect(cut.length).toBeGreaterThan(4);
      const file = new Blob([bytes]);
      const all = cut.map((_, p) => p);
      const one = new Map(
        await Promise.all(
          all.map(async (p) => [p, (await readPartsFromFile(file, record!, [p])).get(p)] as const),
        ),
      );
      const together = await readPartsFromFile(file, record!, all);
      let readable = 0;
      for (const [p, part] of cut.entries()) {
        const expected = { contentHash, ...part };
        // A part is either exactly the text's or not given (then the text is read whole).
        if (one.get(p)) {
          readable++;
          expect(one.get(p)).toEqual(expected);
          expect(together.get(p)).toEqual(expected);
        } else expect(together.has(p)).toBe(false);
      }
      // Lost: a part whose end falls inside a run of blank lines the import shortened, or
      // between the two halves of a character beyond 16 bits (a third of these words have one).
      expect(readable).toBeGreaterThan(cut.length / 2);
    },
  );

  it('reads a plain file with nothing to tidy whole, every part of it', async () => {
    const words = Array.from({ length: 6000 }, (_, i) => `word${i % 97}`);
    const { doc, checkpoints, record } = await imported(utf8(words.join(' ')));
    const parts = await readPartsFromFile(
      new Blob([words.join(' ')]),
      record!,
      cutParts(doc.text, checkpoints).map((_, p) => p),
    );
    expect([...parts.values()].map((p) => p.text).join('').length).toBeGreaterThan(doc.text.length);
    expect(parts.size).toBe(cutParts(doc.text, checkpoints).length);
  });

  it.each([
    [
      'UTF-16 with a byte-order mark',
      Uint8Array.from([
        0xff,
        0xfe,
        ...new Uint8Array(
          Uint16Array.from('plain words here '.repeat(300), (c) => c.charCodeAt(0)).buffer,
        ),
      ]),
    ],
    [
      'Windows-1252',
      Uint8Array.from([...'caf\u00e9 words here '.repeat(300)].map((c) => c.charCodeAt(0))),
    ],
  ])('gives none for a file in %s: its bytes are not the text’s UTF-8', async (_name, bytes) => {
    const { record } = await imported(bytes as Uint8Array<ArrayBuffer>);
    expect(record).toBeUndefined();
  });

  it('gives none when the text is not a tidying of the file (markup taken out)', () => {
    const record = filePartsOf(20, '**bold** and more', 'bold and more', {
      checkpoints: new Uint32Array([0]),
      contentHash: 'h',
    });
    expect(record).toBeUndefined();
  });

  it('gives no part from a file that no longer holds the text', async () => {
    const bytes = utf8(messyFile(6000, 9));
    const { doc, checkpoints, record } = await imported(bytes);
    const damaged = new Blob([
      bytes.slice(0, bytes.length / 2),
      utf8('x'.repeat(40)),
      bytes.slice(bytes.length / 2 + 40),
    ]);
    const parts = await readPartsFromFile(
      damaged,
      record!,
      cutParts(doc.text, checkpoints).map((_, p) => p),
    );
    for (const [p, part] of parts) expect(part.text).toBe(cutParts(doc.text, checkpoints)[p]?.text);
  });
});

describe('a document imported from a kept plain-text file', () => {
  it('is read in parts from its file, and purging it leaves nothing of them', async () => {
    const bytes = utf8(messyFile(6000, 4));
    const imported = await importFile({ name: 'book.txt', bytes });
    const blob = new Blob([bytes]);
    const { doc } = await t.store.addPrepared(
      prepareDocument({
        text: imported.text,
        title: 'Book',
        format: 'txt',
        sourceFile: { blob, reader: 'txt', decoded: imported.decoded as string },
      }),
    );
    const scratch = new PassageIndex();
    scratch.addDocument(doc.id, imported.text);
    const cut = cutParts(imported.text, scratch.checkpointsOf(doc.id) as Uint32Array);
    const wanted = { id: doc.id, contentHash: doc.contentHash, parts: [0, 1, 2] };
    const found = await t.store.readTextParts([wanted]);
    expect([...(found.get(doc.id)?.keys() ?? [])].sort()).toEqual([0, 1, 2]);
    for (const p of [0, 1, 2])
      expect(found.get(doc.id)?.get(p)).toEqual({
        contentHash: doc.contentHash,
        ...cut[p],
        fromFile: true,
      });
    // Another text's parts are never given.
    expect(await t.store.readTextParts([{ ...wanted, contentHash: 'other' }])).toEqual(new Map());
    // Kept as parts (what a scan does once it answered): read back as stored parts, not from the file.
    const parts = found.get(doc.id) as Map<number, ReadTextPart>;
    expect(await t.store.keepFileParts([{ id: doc.id, contentHash: 'other', parts }])).toBe(0);
    expect(await raw((db) => db.count('textParts'))).toBe(1);
    expect(await t.store.keepFileParts([{ id: doc.id, contentHash: doc.contentHash, parts }])).toBe(
      1,
    );
    const stored = await t.store.readTextParts([wanted]);
    for (const p of [0, 1, 2])
      expect(stored.get(doc.id)?.get(p)).toEqual({ contentHash: doc.contentHash, ...cut[p] });
    await t.store.deleteDocument(doc.id);
    await t.store.purgeDeleted();
    expect(await raw((db) => db.count('textParts'))).toBe(0);
  });
});
