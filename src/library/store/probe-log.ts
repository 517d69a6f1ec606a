// The probe log: memorization probes and their scores (docs/probe.md), beside the audit log.
import type { ProbeRecord } from '../probe-record';
import type { Connection } from './database';

export interface ProbeLog {
  /** Adds or replaces (same id) one probe record. */
  putProbeRecord(record: ProbeRecord): Promise<void>;
  /** Every probe record, oldest first. */
  listProbeRecords(): Promise<ProbeRecord[]>;
  /** Removes the probes of one series; returns how many. */
  deleteProbeRun(runId: string): Promise<number>;
}

export function createProbeLog({ db }: Connection): ProbeLog {
  return {
    async putProbeRecord(record) {
      await (await db()).put('probes', record);
    },

    async listProbeRecords() {
      return (await db()).getAllFromIndex('probes', 'time');
    },

    async deleteProbeRun(runId) {
      const tx = (await db()).transaction('probes', 'readwrite');
      let n = 0;
      for (let cursor = await tx.store.openCursor(); cursor; cursor = await cursor.continue()) {
        if (cursor.value.runId !== runId) continue;
        await cursor.delete();
        n++;
      }
      await tx.done;
      return n;
    },
  };
}
