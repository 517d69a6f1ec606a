// The probe report's summary of one document on one site. Pure.
import type { ProbeRecord } from '../library/store/index';

/** The share of the continuation in order from which a probe counts as memorized. */
export const MEMORIZED_SHARE = 0.5;

export interface ProbeSummary {
  probes: number;
  /** Probes with at least half the continuation reproduced in order, and their share. */
  memorized: number;
  memorizedShare: number;
  meanLongestRun: number;
  meanInOrderShare: number;
  /** The most memorized probes, highest in-order share first (ties: longer run), at most 3. */
  top: ProbeRecord[];
}

export function summarizeProbes(records: readonly ProbeRecord[]): ProbeSummary {
  const n = records.length;
  const memorized = records.filter((r) => r.scores.inOrderShare >= MEMORIZED_SHARE).length;
  const mean = (value: (r: ProbeRecord) => number): number =>
    n === 0 ? 0 : records.reduce((sum, r) => sum + value(r), 0) / n;
  const top = [...records]
    .filter((r) => r.scores.inOrderWords > 0)
    .sort(
      (a, b) =>
        b.scores.inOrderShare - a.scores.inOrderShare || b.scores.longestRun - a.scores.longestRun,
    )
    .slice(0, 3);
  return {
    probes: n,
    memorized,
    memorizedShare: n === 0 ? 0 : memorized / n,
    meanLongestRun: mean((r) => r.scores.longestRun),
    meanInOrderShare: mean((r) => r.scores.inOrderShare),
    top,
  };
}

/** Records grouped by document and site, the report's unit; newest group first. */
export function groupProbes(
  records: readonly ProbeRecord[],
): { key: string; docId: string; title: string; siteId: string; records: ProbeRecord[] }[] {
  const groups = new Map<
    string,
    { key: string; docId: string; title: string; siteId: string; records: ProbeRecord[] }
  >();
  for (const r of records) {
    const key = `${r.docId}\u0000${r.siteId}`;
    let group = groups.get(key);
    if (!group) {
      group = { key, docId: r.docId, title: r.title, siteId: r.siteId, records: [] };
      groups.set(key, group);
    }
    group.records.push(r);
  }
  const newest = (g: { records: ProbeRecord[] }): number =>
    Math.max(...g.records.map((r) => r.time));
  return [...groups.values()].sort((a, b) => newest(b) - newest(a));
}
