// The audit log: flagged replies as they were when they completed (docs/audit-format.md).
import type { MatchKind } from '../../core/index';
import type { Connection } from './database';

/** One flagged span of an audited reply, with enough of its source to stand alone. */
export interface AuditSpan {
  docId: string;
  title: string;
  author?: string;
  kind: MatchKind;
  words: number;
  edits: number;
  score: number;
  /** Raw UTF-16 offsets into the reply's whole text (`AuditRecord.replyText` when it is whole), end exclusive. */
  replyStart: number;
  replyEnd: number;
  /** Raw UTF-16 offsets into the library document's text, end exclusive. */
  sourceStart: number;
  sourceEnd: number;
  replyExcerpt: string;
  sourceExcerpt: string;
}

/** A flagged reply as it was when it completed. */
export interface AuditRecord {
  /** Same conversation, reply and text give the same id, so a re-sent reply is stored once. */
  id: string;
  /** Milliseconds since the epoch. */
  time: number;
  siteId: string;
  url: string;
  replyId: string;
  /** The reply's text, or its first part when it is longer than the record keeps. */
  replyText: string;
  /** The whole reply's length, present when `replyText` holds only its first part. */
  replyLength?: number;
  replyWords: number;
  coverage: number;
  spans: AuditSpan[];
  /** Flagged spans beyond those kept in `spans` (present when some were left out). */
  omittedSpans?: number;
}

export interface AuditLog {
  /** Adds or replaces (same id) one audit record. */
  putAuditRecord(record: AuditRecord): Promise<void>;
  /** Every audit record, newest first. */
  listAuditRecords(): Promise<AuditRecord[]>;
  /** Removes audit records older than `time`; returns how many. */
  deleteAuditBefore(time: number): Promise<number>;
  clearAudit(): Promise<void>;
}

export function createAuditLog({ db }: Connection): AuditLog {
  return {
    async putAuditRecord(record) {
      await (await db()).put('audit', record);
    },

    async listAuditRecords() {
      const records = await (await db()).getAllFromIndex('audit', 'time');
      return records.reverse();
    },

    async deleteAuditBefore(time) {
      const tx = (await db()).transaction('audit', 'readwrite');
      let n = 0;
      for (
        let cursor = await tx.store.index('time').openCursor(IDBKeyRange.upperBound(time, true));
        cursor;
        cursor = await cursor.continue()
      ) {
        await cursor.delete();
        n++;
      }
      await tx.done;
      return n;
    },

    async clearAudit() {
      await (await db()).clear('audit');
    },
  };
}
