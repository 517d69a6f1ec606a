// Parts of document texts, kept for the matcher: a scan needs the blocks of words around its
// hits, not whole texts, and a document read whole once (a kept file decoded and tidied again at
// every wake, 20-35 ms per MB) is then written here in parts of PART_BLOCKS blocks (about 12 KB
// each), so later scans read a few parts in one transaction. A cache: each part names the text it
// was cut from (the document's contentHash) and is used only for that text; purging a document
// deletes its parts.
import type { Connection, PartPlace, TextPartRecord } from './database';

/** The key range of every part of one document. */
export const partsRange = (docId: string): IDBKeyRange =>
  IDBKeyRange.bound([docId, 0], [docId, Number.MAX_SAFE_INTEGER]);

export interface TextParts {
  /**
   * The stored parts asked for, of documents of these texts: document id -> part -> record.
   * Parts not stored (or of another text) are left out.
   */
  readTextParts(
    wanted: readonly { id: string; contentHash: string; parts: readonly number[] }[],
  ): Promise<Map<string, Map<number, TextPartRecord>>>;
  /**
   * Stores document `id`'s text in parts (`parts[p]` is part p), replacing any it had, if the
   * document is still there with text `contentHash`; false when it is not.
   */
  writeTextParts(
    id: string,
    contentHash: string,
    parts: readonly { from: number; text: string; blocks: Uint32Array; place?: PartPlace }[],
  ): Promise<boolean>;
}

export function createTextParts({ db }: Connection): TextParts {
  return {
    async readTextParts(wanted) {
      const found = new Map<string, Map<number, TextPartRecord>>();
      if (wanted.length === 0) return found;
      const tx = (await db()).transaction('textParts', 'readonly');
      const asked = wanted.flatMap((w) => w.parts.map((p) => ({ w, p })));
      const records = await Promise.all(asked.map(({ w, p }) => tx.store.get([w.id, p])));
      await tx.done;
      asked.forEach(({ w, p }, i) => {
        const r = records[i];
        if (
          !r ||
          r.contentHash !== w.contentHash ||
          typeof r.text !== 'string' ||
          !(r.blocks instanceof Uint32Array)
        )
          return;
        const parts = found.get(w.id) ?? new Map<number, TextPartRecord>();
        parts.set(p, r);
        found.set(w.id, parts);
      });
      return found;
    },

    async writeTextParts(id, contentHash, parts) {
      const tx = (await db()).transaction(['docs', 'textParts'], 'readwrite');
      const doc = await tx.objectStore('docs').get(id);
      if (doc?.contentHash !== contentHash) {
        await tx.done;
        return false;
      }
      const store = tx.objectStore('textParts');
      await store.delete(partsRange(id));
      await Promise.all([
        ...parts.map((part, p) => store.put({ contentHash, ...part }, [id, p])),
        tx.done,
      ]);
      return true;
    },
  };
}
