import { describe, expect, it } from 'vitest';
import {
  AuditProgress,
  formatDuration,
  progressLine,
} from '../../../../src/cli/audit-report/progress';

function fakeStream(isTTY: boolean, columns?: number) {
  const writes: string[] = [];
  return { isTTY, columns, writes, write: (chunk: string) => writes.push(chunk) };
}

function fakeClock(start = 1_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

const TOTAL = { files: 10, bytes: 100e6 };

describe('formatDuration', () => {
  it.each([
    [0, '0:00'],
    [59.4, '0:59'],
    [61, '1:01'],
    [3600, '1:00:00'],
    [3725, '1:02:05'],
    [-5, '0:00'],
  ])('%s s is %s', (secs, text) => {
    expect(formatDuration(secs)).toBe(text);
  });
});

describe('progressLine', () => {
  it('shows the bar, files, replies, the byte rate and the time left at that rate', () => {
    // 25 MB in 5 s: 5 MB/s, 75 MB left: 15 s.
    expect(progressLine({ files: 3, replies: 1234, bytes: 25e6 }, TOTAL, 5000)).toBe(
      '[#####---------------] 3/10 files, 1,234 replies, 5.0 MB/s, 0:15 left',
    );
  });

  it('says the time left is unknown before anything was read', () => {
    expect(progressLine({ files: 0, replies: 0, bytes: 0 }, TOTAL, 0)).toBe(
      '[--------------------] 0/10 files, 0 replies, 0.0 MB/s, time left unknown',
    );
  });

  it('fills the bar at the end and on empty inputs never divides by zero', () => {
    expect(progressLine({ files: 10, replies: 9, bytes: 100e6 }, TOTAL, 20_000)).toMatch(
      /^\[#{20}\] 10\/10 files, 9 replies, 5\.0 MB\/s, 0:00 left$/,
    );
    expect(progressLine({ files: 1, replies: 0, bytes: 0 }, { files: 1, bytes: 0 }, 10)).toContain(
      '[--------------------] 1/1 files',
    );
  });
});

describe('AuditProgress', () => {
  it('on a terminal redraws one line at most every 250 ms, then replaces it with the summary', () => {
    const stream = fakeStream(true);
    const clock = fakeClock();
    const progress = new AuditProgress(stream, TOTAL, clock.now);
    clock.advance(1000);
    progress.update({ files: 1, replies: 10, bytes: 10e6 });
    clock.advance(100);
    progress.update({ files: 2, replies: 20, bytes: 20e6 });
    clock.advance(150);
    progress.update({ files: 3, replies: 30, bytes: 30e6 });
    clock.advance(750);
    progress.finish({ files: 10, replies: 100, bytes: 40e6 });
    expect(stream.writes).toEqual([
      '\r\x1b[K[##------------------] 1/10 files, 10 replies, 10.0 MB/s, 0:09 left',
      '\r\x1b[K[######--------------] 3/10 files, 30 replies, 24.0 MB/s, 0:03 left',
      '\r\x1b[Krecital audit: 10 files, 100 replies, 40.0 MB in 2.0 s (20.0 MB/s)\n',
    ]);
  });

  it('cuts the line to the terminal width so it never wraps', () => {
    const stream = fakeStream(true, 30);
    const progress = new AuditProgress(stream, TOTAL, fakeClock().now);
    progress.update({ files: 1, replies: 1, bytes: 1 });
    expect(stream.writes[0]).toBe(`\r\x1b[K${'[--------------------] 1/10 files'.slice(0, 29)}`);
  });

  it('off a terminal writes only the final summary line', () => {
    const stream = fakeStream(false);
    const clock = fakeClock();
    const progress = new AuditProgress(stream, TOTAL, clock.now);
    for (let i = 1; i <= 5; i++) {
      clock.advance(500);
      progress.update({ files: i, replies: i, bytes: i * 1e6 });
    }
    progress.finish({ files: 5, replies: 5, bytes: 5e6 });
    expect(stream.writes).toEqual([
      'recital audit: 5 files, 5 replies, 5.0 MB in 2.5 s (2.0 MB/s)\n',
    ]);
  });
});
