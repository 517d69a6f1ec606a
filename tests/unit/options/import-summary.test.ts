import { describe, expect, it } from 'vitest';
import { describeSummary } from '../../../src/options/import-progress';
import type { BatchFileResult, BatchSummary } from '../../../src/options/run-import-batch';

function summary(statuses: BatchFileResult['status'][]): BatchSummary {
  const results = statuses.map((status, i): BatchFileResult =>
    status === 'failed'
      ? { name: `f${i}.txt`, status, message: 'unreadable' }
      : status === 'cancelled'
        ? { name: `f${i}.txt`, status }
        : { name: `f${i}.txt`, status, title: `F${i}` },
  );
  const count = (s: BatchFileResult['status']): number => statuses.filter((x) => x === s).length;
  return {
    results,
    cancelled: count('cancelled') > 0,
    imported: count('imported'),
    duplicates: count('duplicate'),
    failed: count('failed'),
  };
}

describe('the sentence at the end of an import', () => {
  it.each<[string, BatchFileResult['status'][], string]>([
    ['one file that failed', ['failed'], '1 file could not be imported.'],
    ['two that failed', ['failed', 'failed'], '2 files could not be imported.'],
    ['one imported', ['imported'], 'Imported 1 document.'],
    [
      'a mix',
      ['imported', 'imported', 'duplicate', 'failed'],
      'Imported 2 documents. 1 file was already in your library. 1 file could not be imported.',
    ],
    ['only duplicates', ['duplicate', 'duplicate'], '2 files were already in your library.'],
    [
      'a stopped import',
      ['imported', 'cancelled', 'cancelled'],
      'Imported 1 document. 2 files were not imported because you stopped the import.',
    ],
  ])('%s', (_name, statuses, expected) => {
    expect(describeSummary(summary(statuses))).toBe(expected);
  });
});
