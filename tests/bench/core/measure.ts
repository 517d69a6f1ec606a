import path from 'node:path';

// Measuring and printing: memory samples, percentiles, number formats, markdown tables.
export const MB = 1e6;

export interface BenchOptions {
  corpus: string;
  /** Size of the generated library, in MB (1,000 = 1 GB). */
  bigMb: number;
  /** Timed scans per (library, reply size) cell. */
  scans: number;
  /** Reply sentences searched with fuse.js (it takes seconds each). */
  fuseSentences: number;
}

export function parseOptions(argv: string[]): BenchOptions {
  const value = (name: string, fallback: string): string => {
    const at = argv.indexOf(name);
    return at >= 0 && argv[at + 1] !== undefined ? (argv[at + 1] as string) : fallback;
  };
  return {
    corpus: value('--corpus', process.env.RECITAL_CORPUS ?? path.resolve('../shared/corpus')),
    bigMb: Number(value('--big-mb', '1000')),
    scans: Number(value('--scans', '60')),
    fuseSentences: Number(value('--fuse-sentences', '6')),
  };
}

/** Peak heap and array-buffer bytes seen by {@link sampleMemory}. */
export const peaks = { heap: 0, arrayBuffers: 0 };

export function sampleMemory(): void {
  const m = process.memoryUsage();
  peaks.heap = Math.max(peaks.heap, m.heapUsed);
  peaks.arrayBuffers = Math.max(peaks.arrayBuffers, m.arrayBuffers);
}

export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
}

/** Heap plus array-buffer bytes in use after a full collection (needs --expose-gc). */
export function liveBytes(): number {
  collectGarbage();
  collectGarbage();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ??
    NaN
  );
}

export const fmt = (x: number, digits = 1): string =>
  Number.isFinite(x)
    ? x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : 'n/a';
export const fmtMb = (bytes: number): string => `${fmt(bytes / MB, 0)} MB`;

export function table(title: string, head: string[], rows: string[][]): void {
  const lines = [
    `### ${title}`,
    '',
    `| ${head.join(' | ')} |`,
    `|${head.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

export function note(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

export const ratio = (x: number, y: number): string => `${fmt(x / y, 1)}×`;
