// Parts of document texts, kept for the matcher: a scan needs the blocks of words around its
// hits, not whole texts, and a document read whole once (a kept file decoded and tidied again at
// every wake, 20-35 ms per MB) is then written here in parts of PART_BLOCKS blocks (about 12 KB
// each), so later scans read a few parts in one transaction. A cache: each part names the text it
// was cut from (the document's contentHash) and is used only for that text; purging a document
// deletes its parts.
import type { Connection, PartPlace, TextPartRecord } from './database';
import { isKeptFile } from './kept-file';
import { FILE_PARTS, isFileParts, readPartsFromFile } from './text-file';

/** The key range of every part of one document, and of its file parts. */
export const partsRange = (docId: string): IDBKeyRange =>
  IDBKeyRange.bound([docId, FILE_PARTS], [docId, Number.MAX_SAFE_INTEGER]);

/** The key range of the parts the matcher cut (the file parts stay). */
const cutPartsRange = (docId: string): IDBKeyRange =>
  IDBKeyRange.bound([docId, 0], [docId, Number.MAX_SAFE_INTEGER]);

/** A stored part this version reads. */
const isPart = (r: unknown, contentHash: string): r is TextPartRecord => {
  const part = r as Partial<TextPartRecord> | undefined;
  return (
    part?.contentHash === contentHash &&
    typeof part.text === 'string' &&
    part.blocks instanceof Uint32Array
  );
};

/** A part as read: `fromFile` when it came from the kept file, not from a stored part. */
export type ReadTextPart = TextPartRecord & { fromFile?: true };

export interface TextParts {
  /**
   * The stored parts asked for, of documents of these texts: document id -> part -> record.
   * Parts not stored (or of another text) are left out.
   * Parts not stored yet of a document imported from a plain-text file are read from that file
   * (marked `fromFile`).
   */
  readTextParts(
    wanted: readonly { id: string; contentHash: string; parts: readonly number[] }[],
  ): Promise<Map<string, Map<number, ReadTextPart>>>;
  /**
   * Stores document `id`'s text in parts (`parts[p]` is part p), replacing any it had, if the
   * document is still there with text `contentHash`; false when it is not.
   */
  writeTextParts(
    id: string,
    contentHash: string,
    parts: readonly { from: number; text: string; blocks: Uint32Array; place?: PartPlace }[],
  ): Promise<boolean>;
  /**
   * Stores parts read from kept files, beside the parts each document has (none replaced but
   * these), for the documents still there with the same text; in one transaction. Returns how
   * many documents' parts it stored.
   */
  keepFileParts(
    docs: readonly { id: string; contentHash: string; parts: ReadonlyMap<number, ReadTextPart> }[],
  ): Promise<number>;
}

export function createTextParts({ db }: Connection): TextParts {
  return {
    async readTextParts(wanted) {
      const found = new Map<string, Map<number, ReadTextPart>>();
      if (wanted.length === 0) return found;
      const tx = (await db()).transaction(['textParts', 'chunks'], 'readonly');
      const store = tx.objectStore('textParts');
      const asked = wanted.flatMap((w) => w.parts.map((p) => ({ w, p })));
      // Where a document's parts lie in its kept file, and the file itself: asked only for the
      // documents with a part not stored, in the same transaction.
      const fileOf = async (w: (typeof wanted)[number]) => {
        const record = await store.get([w.id, FILE_PARTS]);
        if (!isFileParts(record) || record.contentHash !== w.contentHash) return undefined;
        const kept = await tx.objectStore('chunks').get([w.id, 0]);
        return kept && isKeptFile(kept) ? { record, file: kept.file } : undefined;
      };
      const missing = new Map<string, number[]>();
      const readFiles = async () => {
        const records = await Promise.all(asked.map(({ w, p }) => store.get([w.id, p])));
        asked.forEach(({ w, p }, i) => {
          const r = records[i];
          if (isPart(r, w.contentHash)) {
            const parts = found.get(w.id) ?? new Map<number, TextPartRecord>();
            parts.set(p, r);
            found.set(w.id, parts);
          } else missing.set(w.id, [...(missing.get(w.id) ?? []), p]);
        });
        return Promise.all(wanted.map((w) => (missing.has(w.id) ? fileOf(w) : undefined)));
      };
      const [files] = await Promise.all([readFiles(), tx.done]);
      // Parts the matcher has not cut yet, read from the kept file.
      await Promise.all(
        wanted.map(async (w, i) => {
          const file = files[i];
          const parts = missing.get(w.id);
          if (!parts || !file) return;
          const read = await readPartsFromFile(file.file, file.record, parts);
          if (read.size === 0) return;
          const held = found.get(w.id) ?? new Map<number, ReadTextPart>();
          for (const [p, r] of read) held.set(p, { ...r, fromFile: true });
          found.set(w.id, held);
        }),
      );
      return found;
    },

    async keepFileParts(docs) {
      if (docs.length === 0) return 0;
      const tx = (await db()).transaction(['docs', 'textParts'], 'readwrite', {
        // A cache: a part lost to a power cut is read from the text again.
        durability: 'relaxed',
      });
      const stored = await Promise.all(docs.map((d) => tx.objectStore('docs').get(d.id)));
      const store = tx.objectStore('textParts');
      const kept = docs.filter((d, i) => stored[i]?.contentHash === d.contentHash);
      await Promise.all([
        ...kept.flatMap((d) =>
          [...d.parts].map(([p, { fromFile: _, ...part }]) =>
            store.put({ ...part, contentHash: d.contentHash }, [d.id, p]),
          ),
        ),
        tx.done,
      ]);
      return kept.length;
    },

    async writeTextParts(id, contentHash, parts) {
      const tx = (await db()).transaction(['docs', 'textParts'], 'readwrite', {
        // A cache: a part lost to a power cut is read from the text again.
        durability: 'relaxed',
      });
      const doc = await tx.objectStore('docs').get(id);
      if (doc?.contentHash !== contentHash) {
        await tx.done;
        return false;
      }
      const store = tx.objectStore('textParts');
      await store.delete(cutPartsRange(id));
      await Promise.all([
        ...parts.map((part, p) => store.put({ contentHash, ...part }, [id, p])),
        tx.done,
      ]);
      return true;
    },
  };
}
