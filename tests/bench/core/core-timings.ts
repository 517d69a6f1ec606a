// Recital's core under the clock: building an index, scans, adding and removing, streaming.
import { findSpans, PassageIndex, ReplyScanner } from '../../../src/core/index';
import { sumBytes, type Doc, type Reply } from './bench-text';
import { collectGarbage, percentile, sampleMemory } from './measure';

export interface Built {
  index: PassageIndex;
  texts: Map<string, string>;
  bytes: number;
  addSeconds: number;
  addCpuSeconds: number;
  tableSeconds: number;
  serializedBytes: number;
}

export function buildIndex(docs: Doc[]): Built {
  collectGarbage();
  const index = new PassageIndex();
  const texts = new Map<string, string>();
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  for (const d of docs) {
    index.addDocument(d.id, d.text);
    texts.set(d.id, d.text);
  }
  const added = performance.now();
  const cpu = process.cpuUsage(cpu0);
  // The lookup table is built lazily by the first scan; time it apart.
  findSpans(index, 'warm up the lookup table', () => undefined);
  const tabled = performance.now();
  sampleMemory();
  let serializedBytes = 0;
  for (const d of docs) serializedBytes += index.serializeDocument(d.id).byteLength;
  return {
    index,
    texts,
    bytes: sumBytes(docs),
    addSeconds: (added - started) / 1000,
    addCpuSeconds: (cpu.user + cpu.system) / 1e6,
    tableSeconds: (tabled - added) / 1000,
    serializedBytes,
  };
}

export interface Range {
  replyStart: number;
  replyEnd: number;
}

/** True when `found` ranges cover at least 80% of the planted passage's characters. */
function isFoundWhole(found: readonly Range[], planted: Range): boolean {
  let covered = 0;
  for (const f of found)
    covered += Math.max(
      0,
      Math.min(f.replyEnd, planted.replyEnd) - Math.max(f.replyStart, planted.replyStart),
    );
  return covered >= 0.8 * (planted.replyEnd - planted.replyStart);
}

export interface Latency {
  median: number;
  p95: number;
  cpuMedian: number;
  found: number;
  planted: number;
}

/** Times `scan` over the replies: wall-clock and process CPU time per call, in ms. */
export function timeCalls(
  replies: Reply[],
  calls: number,
  scan: (text: string) => Range[],
): Latency {
  let found = 0;
  let planted = 0;
  for (const r of replies) {
    const ranges = scan(r.text);
    planted += r.planted.length;
    found += r.planted.filter((p) => isFoundWhole(ranges, p)).length;
  }
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < calls; i++) {
    const reply = replies[i % replies.length] as Reply;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    scan(reply.text);
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  sampleMemory();
  return {
    median: percentile(wall, 50),
    p95: percentile(wall, 95),
    cpuMedian: percentile(cpu, 50),
    found,
    planted,
  };
}

export function timeScans(built: Built, replies: Reply[], calls: number): Latency {
  const getText = (id: string): string | undefined => built.texts.get(id);
  return timeCalls(replies, calls, (text) => findSpans(built.index, text, getText).spans);
}

export interface Streaming {
  words: number;
  totalMs: number;
  perWordMicros: number;
  firstMicros: number;
  lastMicros: number;
  agrees: boolean;
}

/** Wall ms of: adding `doc` under a new id; the first scan after it; removing it plus a scan. */
export function timeIncremental(built: Built, doc: Doc): [number, number, number] {
  const id = `incremental/${doc.id}`;
  const scan = (): unknown => findSpans(built.index, 'one short reply', () => undefined);
  const t0 = performance.now();
  built.index.addDocument(id, doc.text);
  const t1 = performance.now();
  scan();
  const t2 = performance.now();
  built.index.removeDocument(id);
  scan();
  const t3 = performance.now();
  return [t1 - t0, t2 - t1, t3 - t2];
}

export function timeStreaming(built: Built, reply: Reply): Streaming {
  const getText = (id: string): string | undefined => built.texts.get(id);
  const cuts: number[] = [];
  const re = /\S+\s*/g;
  for (let m = re.exec(reply.text); m; m = re.exec(reply.text)) cuts.push(m.index + m[0].length);
  const scanner = new ReplyScanner(built.index, getText);
  const stamps: number[] = [];
  let last = scanner.update('', 0);
  let previousCut = 0;
  const t0 = performance.now();
  for (const cut of cuts) {
    // The reply only grows: everything the previous update read is unchanged.
    last = scanner.update(reply.text.slice(0, cut), previousCut);
    previousCut = cut;
    stamps.push(performance.now());
  }
  const totalMs = performance.now() - t0;
  const fresh = findSpans(built.index, reply.text, getText);
  const n = Math.min(1000, cuts.length);
  const at = (i: number): number => (i < 0 ? t0 : (stamps[i] as number));
  return {
    words: cuts.length,
    totalMs,
    perWordMicros: (totalMs * 1000) / cuts.length,
    firstMicros: ((at(n - 1) - t0) * 1000) / n,
    lastMicros: ((at(cuts.length - 1) - at(cuts.length - 1 - n)) * 1000) / n,
    agrees: JSON.stringify(fresh.spans) === JSON.stringify(last.spans),
  };
}
