import { describe, expect, it } from 'vitest';
import type {
  AddOutcome,
  FileToImport,
  LibraryEntry,
  StartedImport,
} from '../../../src/options/library-client';
import {
  estimateRate,
  runImportBatch,
  type BatchFile,
  type BatchFileResult,
  type BatchProgress,
} from '../../../src/options/run-import-batch';

function file(name: string, size = 1000): BatchFile {
  return { name, size, type: 'text/plain', read: async () => new Uint8Array(size) };
}

function entryFor(f: FileToImport): AddOutcome {
  return {
    status: 'imported',
    entry: {
      id: f.name,
      title: f.name.replace(/\..*$/, ''),
      tags: [],
      words: 1,
      bytes: f.size,
      addedAt: 0,
      format: 'txt',
    },
  };
}

/** An import whose reading is instant and whose writing is `write`. */
function started(
  write: (f: FileToImport) => Promise<AddOutcome>,
): (f: FileToImport) => Promise<StartedImport> {
  return async (f) => ({ written: write(f) });
}

function clock(stepMs: number): () => number {
  let t = 0;
  return () => (t += stepMs);
}

describe('runImportBatch', () => {
  it('imports files one at a time, in the order chosen', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const order: string[] = [];
    const summary = await runImportBatch(
      [file('a.txt'), file('b.txt'), file('c.txt')],
      started(async (f) => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        order.push(f.name);
        await new Promise((r) => setTimeout(r, 1));
        inFlight -= 1;
        return entryFor(f);
      }),
      { onProgress: () => undefined, onResult: () => undefined, shouldStop: () => false },
    );
    expect(order).toEqual(['a.txt', 'b.txt', 'c.txt']);
    expect(maxInFlight).toBe(1);
    expect(summary).toMatchObject({ imported: 3, duplicates: 0, failed: 0, cancelled: false });
  });

  it('reads the next file while up to `inFlight` earlier ones are written, and reports in file order', async () => {
    const events: string[] = [];
    let writing = 0;
    let maxWriting = 0;
    let reading = 0;
    let maxReading = 0;
    const gates = new Map<string, () => void>();
    const results: string[] = [];
    const batch = runImportBatch(
      ['a', 'b', 'c', 'd', 'e'].map((n) => file(`${n}.txt`)),
      async (f) => {
        reading += 1;
        maxReading = Math.max(maxReading, reading);
        await new Promise((r) => setTimeout(r, 1));
        reading -= 1;
        events.push(`read ${f.name}`);
        writing += 1;
        maxWriting = Math.max(maxWriting, writing);
        const written = new Promise<AddOutcome>((resolve) =>
          gates.set(f.name, () => {
            writing -= 1;
            resolve(entryFor(f));
          }),
        );
        return { written };
      },
      {
        onProgress: () => undefined,
        onResult: (r, i) => results.push(`${i}:${r.name}`),
        shouldStop: () => false,
        inFlight: 3,
      },
    );
    const until = async (name: string): Promise<void> => {
      while (!gates.has(name)) await new Promise((r) => setTimeout(r, 1));
    };
    await until('c.txt');
    // Three writes pending: the batch waits before reading d.
    await new Promise((r) => setTimeout(r, 20));
    expect(events).toEqual(['read a.txt', 'read b.txt', 'read c.txt']);
    // b finishes first; its result waits for a's.
    gates.get('b.txt')?.();
    await until('d.txt');
    expect(results).toEqual([]);
    gates.get('a.txt')?.();
    await until('e.txt');
    expect(results).toEqual(['0:a.txt', '1:b.txt']);
    for (const name of ['e.txt', 'd.txt', 'c.txt']) gates.get(name)?.();
    const summary = await batch;
    expect(results).toEqual(['0:a.txt', '1:b.txt', '2:c.txt', '3:d.txt', '4:e.txt']);
    expect(maxWriting).toBe(3);
    expect(maxReading).toBe(1);
    expect(summary).toMatchObject({ imported: 5, failed: 0, cancelled: false });
  });

  it('keeps the bytes being written within its budget, but always lets one file go, however big', async () => {
    let writingBytes = 0;
    let maxWritingBytes = 0;
    let maxWriting = 0;
    let writing = 0;
    const summary = await runImportBatch(
      [
        file('a.txt', 60),
        file('b.txt', 30),
        file('c.txt', 50),
        file('huge.txt', 500),
        file('d.txt', 10),
        file('e.txt', 10),
      ],
      started(async (f) => {
        writing += 1;
        writingBytes += f.size;
        maxWriting = Math.max(maxWriting, writing);
        maxWritingBytes = Math.max(maxWritingBytes, writingBytes);
        await new Promise((r) => setTimeout(r, 5));
        writing -= 1;
        writingBytes -= f.size;
        return entryFor(f);
      }),
      {
        onProgress: () => undefined,
        onResult: () => undefined,
        shouldStop: () => false,
        inFlight: 3,
        maxBytesInFlight: 100,
      },
    );
    expect(summary).toMatchObject({ imported: 6, failed: 0 });
    // a + b fit (90); c waits for room; the huge file goes alone; d and e go together.
    expect(maxWritingBytes).toBe(500);
    expect(maxWriting).toBe(2);
  });

  it('lets one bad file fail alone, whether the importer reports it or throws', async () => {
    const results: BatchFileResult[] = [];
    const summary = await runImportBatch(
      [
        file('good.txt'),
        file('binary.txt'),
        file('gone.txt', 10),
        file('same.txt'),
        file('last.txt'),
      ],
      started(async (f) => {
        if (f.name === 'gone.txt') throw new Error('database closed');
        if (f.name === 'binary.txt')
          return { status: 'failed', message: 'This file does not contain readable text.' };
        if (f.name === 'same.txt')
          return { status: 'duplicate', entry: (entryFor(f) as { entry: LibraryEntry }).entry };
        return entryFor(f);
      }),
      { onProgress: () => undefined, onResult: (r) => results.push(r), shouldStop: () => false },
    );
    expect(results.map((r) => r.status)).toEqual([
      'imported',
      'failed',
      'failed',
      'duplicate',
      'imported',
    ]);
    expect(results[1]).toEqual({
      name: 'binary.txt',
      status: 'failed',
      message: 'This file does not contain readable text.',
    });
    expect(results[2]).toMatchObject({ name: 'gone.txt', status: 'failed' });
    expect((results[2] as { message: string }).message).toMatch(
      /could not be imported \(database closed\)\. Try adding it again/,
    );
    expect(summary).toMatchObject({ imported: 2, duplicates: 1, failed: 2, cancelled: false });
  });

  it('stops after the current file when cancelled; the rest are reported as not imported', async () => {
    let stop = false;
    const imported: string[] = [];
    const summary = await runImportBatch(
      [file('1.txt'), file('2.txt'), file('3.txt'), file('4.txt')],
      started(async (f) => {
        imported.push(f.name);
        if (f.name === '2.txt') stop = true;
        return entryFor(f);
      }),
      { onProgress: () => undefined, onResult: () => undefined, shouldStop: () => stop },
    );
    expect(imported).toEqual(['1.txt', '2.txt']);
    expect(summary.cancelled).toBe(true);
    expect(summary.results.map((r) => `${r.name}:${r.status}`)).toEqual([
      '1.txt:imported',
      '2.txt:imported',
      '3.txt:cancelled',
      '4.txt:cancelled',
    ]);
  });

  it('reports progress before each file and once at the end, counting bytes of finished files', async () => {
    const seen: BatchProgress[] = [];
    await runImportBatch(
      [file('a.txt', 100), file('b.txt', 300)],
      started(async (f) => entryFor(f)),
      {
        onProgress: (p) => seen.push(p),
        onResult: () => undefined,
        shouldStop: () => false,
        now: clock(500),
      },
    );
    expect(seen.map((p) => [p.done, p.total, p.bytesDone, p.bytesTotal, p.current])).toEqual([
      [0, 2, 0, 400, 'a.txt'],
      [1, 2, 100, 400, 'a.txt'],
      [1, 2, 100, 400, 'b.txt'],
      [2, 2, 400, 400, 'b.txt'],
      [2, 2, 400, 400, undefined],
    ]);
    expect(seen.map((p) => p.elapsedMs)).toEqual([500, 1000, 1500, 2000, 2500]);
  });

  it('adds up the sizes a few files at a time, so a large batch starts at once', async () => {
    // A picked File's size is a round trip to the browser the first time: count the look-ups.
    let sizesRead = 0;
    const files = Array.from({ length: 20 }, (_, i) => {
      const f = file(`${i}.txt`, 100 + i);
      return Object.defineProperty(f, 'size', { get: () => (sizesRead++, 100 + i) });
    });
    const seen: { total?: number; sizesRead: number }[] = [];
    await runImportBatch(
      files,
      started(async (f) => entryFor(f)),
      {
        onProgress: (p) =>
          seen.push({ ...(p.bytesTotal !== undefined && { total: p.bytesTotal }), sizesRead }),
        onResult: () => undefined,
        shouldStop: () => false,
      },
    );
    expect(seen[0]).toEqual({ sizesRead: 8 });
    const firstKnown = seen.findIndex((p) => p.total !== undefined);
    expect(firstKnown).toBeGreaterThan(0);
    expect(seen.slice(firstKnown).every((p) => p.total === 20 * 100 + 190)).toBe(true);
  });

  it('handles an empty selection without reporting any file', async () => {
    const summary = await runImportBatch(
      [],
      started(async (f) => entryFor(f)),
      {
        onProgress: () => undefined,
        onResult: () => undefined,
        shouldStop: () => false,
      },
    );
    expect(summary).toEqual({
      results: [],
      cancelled: false,
      imported: 0,
      duplicates: 0,
      failed: 0,
    });
  });
});

describe('estimateRate', () => {
  it.each([
    [
      'nothing measured yet',
      { done: 0, total: 2, bytesDone: 0, bytesTotal: 1000, elapsedMs: 2000 },
      undefined,
    ],
    [
      'sizes still being added up',
      { done: 1, total: 2, bytesDone: 500_000, elapsedMs: 1000 },
      undefined,
    ],
    [
      'too early to tell',
      { done: 1, total: 2, bytesDone: 500, bytesTotal: 1000, elapsedMs: 100 },
      undefined,
    ],
    [
      'half way after one second',
      { done: 1, total: 2, bytesDone: 500_000, bytesTotal: 1_000_000, elapsedMs: 1000 },
      { bytesPerSecond: 500_000, msLeft: 1000 },
    ],
    [
      'finished',
      { done: 2, total: 2, bytesDone: 2_000_000, bytesTotal: 2_000_000, elapsedMs: 4000 },
      { bytesPerSecond: 500_000, msLeft: 0 },
    ],
  ])('%s', (_name, progress, expected) => {
    expect(estimateRate(progress)).toEqual(expected);
  });
});
