import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../../src/ui/format-bytes';
import { formatDate } from '../../../src/ui/format-date';
import { formatDuration } from '../../../src/ui/format-duration';

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [1, '1 byte'],
    [999, '999 bytes'],
    [1000, '1.0 KB'],
    [1536, '1.5 KB'],
    [466_000, '466 KB'],
    [2_500_000, '2.5 MB'],
    [85_000_000_000, '85 GB'],
    [3e15, '3000 TB'],
    [-1, '—'],
    [Number.NaN, '—'],
  ])('%d bytes reads as %s', (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, 'less than a second'],
    [400, 'less than a second'],
    [12_000, '12 s'],
    [59_400, '59 s'],
    [60_000, '1 min'],
    [185_000, '3 min 5 s'],
    [3_600_000, '1 h'],
    [3_720_000, '1 h 2 min'],
    [Number.POSITIVE_INFINITY, '—'],
    [-5, '—'],
  ])('%d ms reads as %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});

describe('formatDate', () => {
  it('shows day, short month and year, and a dash when unknown', () => {
    expect(formatDate(Date.UTC(2026, 10, 27, 12), 'en-GB')).toBe('27 Nov 2026');
    expect(formatDate(undefined)).toBe('—');
    expect(formatDate(Number.NaN)).toBe('—');
  });
});
