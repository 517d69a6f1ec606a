import { describe, expect, it } from 'vitest';
import { ScanScheduler, type SlicingMatcher } from '../../../src/background/scan-scheduler';
import type { ScanResult } from '../../../src/core/index';

interface Call {
  op: 'read' | 'scan';
  key: string;
  text: string;
  keep: number;
}

/** A matcher that logs its calls and answers each scan with the length of the text it got. */
function loggingMatcher(): SlicingMatcher & { calls: Call[]; hold?: Promise<void> } {
  const m: SlicingMatcher & { calls: Call[]; hold?: Promise<void> } = {
    calls: [],
    async readReply(key, text, keep) {
      m.calls.push({ op: 'read', key, text, keep });
      await m.hold;
    },
    async scanReply(key, text, keep) {
      m.calls.push({ op: 'scan', key, text, keep });
      await m.hold;
      return { words: text.length, coverage: 0, spans: [] } satisfies ScanResult;
    },
  };
  return m;
}

const turn = () => new Promise<void>((r) => setTimeout(r, 0));

function scheduler(m: SlicingMatcher, sliceChars = 1000) {
  return new ScanScheduler(m, { sliceChars, nextTurn: turn });
}

describe('ScanScheduler', () => {
  it('serves tabs round-robin: a tab with many waiting replies does not go before another tab twice', async () => {
    const m = loggingMatcher();
    let release = () => undefined as void;
    m.hold = new Promise<void>((r) => (release = r));
    const s = scheduler(m);
    const done = [
      s.scan(1, '1:a', 'a', 0),
      s.scan(1, '1:b', 'b', 0),
      s.scan(1, '1:c', 'c', 0),
      s.scan(2, '2:x', 'x', 0),
      s.scan(3, '3:y', 'y', 0),
    ];
    release();
    await Promise.all(done);
    expect(m.calls.map((c) => c.key)).toEqual(['1:a', '2:x', '3:y', '1:b', '1:c']);
  });

  it('feeds a long text in slices of at most sliceChars new characters, then finds spans once', async () => {
    const m = loggingMatcher();
    const text = 'x'.repeat(2500);
    const result = await scheduler(m).scan(1, '1:a', text, 0);
    expect(m.calls).toEqual([
      { op: 'read', key: '1:a', text: text.slice(0, 1000), keep: 0 },
      { op: 'read', key: '1:a', text: text.slice(0, 2000), keep: 1000 },
      { op: 'scan', key: '1:a', text, keep: 2000 },
    ]);
    expect(result?.words).toBe(2500);
  });

  it('reads only what follows the unchanged prefix: a small append to a long text is one turn', async () => {
    const m = loggingMatcher();
    const text = 'x'.repeat(5000);
    await scheduler(m).scan(1, '1:a', `${text}y`, 5000);
    expect(m.calls).toEqual([{ op: 'scan', key: '1:a', text: `${text}y`, keep: 5000 }]);
  });

  it("takes another tab's short scan between the slices of a long one", async () => {
    const m = loggingMatcher();
    const s = scheduler(m);
    const long = s.scan(1, '1:a', 'x'.repeat(4500), 0);
    await turn();
    const short = s.scan(2, '2:b', 'short', 0);
    await Promise.all([long, short]);
    const ops = m.calls.map((c) => `${c.op} ${c.key}`);
    expect(ops.indexOf('scan 2:b')).toBeLessThanOrEqual(2);
    expect(ops.filter((o) => o === 'read 1:a')).toHaveLength(4);
  });

  it("coalesces a reply's waiting texts to its newest, keeping the shortest unchanged prefix", async () => {
    const m = loggingMatcher();
    let release = () => undefined as void;
    m.hold = new Promise<void>((r) => (release = r));
    const s = scheduler(m);
    const first = s.scan(1, '1:other', 'busy', 0);
    const older = s.scan(1, '1:a', 'The keeper', 0);
    const newer = s.scan(1, '1:a', 'The keeper climbed', 10);
    const newest = s.scan(1, '1:a', 'The keeper climbed up', 18);
    release();
    expect(await older).toBeUndefined();
    expect(await newer).toBeUndefined();
    expect((await newest)?.words).toBe(21);
    await first;
    expect(m.calls.filter((c) => c.key === '1:a')).toEqual([
      { op: 'scan', key: '1:a', text: 'The keeper climbed up', keep: 0 },
    ]);
  });

  it('scans a text that arrived during a slice from no further than both texts agree', async () => {
    const m = loggingMatcher();
    let release = () => undefined as void;
    m.hold = new Promise<void>((r) => (release = r));
    const s = scheduler(m);
    const old = s.scan(1, '1:a', 'a'.repeat(1500), 0);
    await turn();
    // The first slice (1,000 characters) is being read; the new text changed from character 400.
    const changed = `${'a'.repeat(400)}${'b'.repeat(1100)}`;
    const current = s.scan(1, '1:a', changed, 400);
    release();
    expect(await old).toBeUndefined();
    expect((await current)?.words).toBe(1500);
    expect(m.calls.slice(1)).toEqual([
      { op: 'read', key: '1:a', text: changed.slice(0, 1400), keep: 400 },
      { op: 'scan', key: '1:a', text: changed, keep: 1400 },
    ]);
  });

  it('rejects the waiting caller when the matcher fails, and goes on with other work', async () => {
    const m = loggingMatcher();
    const failing: SlicingMatcher = {
      readReply: m.readReply,
      scanReply: (key, text, keep) =>
        key === '1:bad' ? Promise.reject(new Error('boom')) : m.scanReply(key, text, keep),
    };
    const s = scheduler(failing);
    await expect(s.scan(1, '1:bad', 'x', 0)).rejects.toThrow('boom');
    expect((await s.scan(1, '1:ok', 'fine', 0))?.words).toBe(4);
    expect(s.pending).toBe(0);
  });
});
