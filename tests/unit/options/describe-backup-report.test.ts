import { describe, expect, it } from 'vitest';
import { describeBackupReport } from '../../../src/options/backup-panel';

describe('describeBackupReport', () => {
  it.each([
    [
      'nothing in the backup',
      { added: 0, duplicates: 0, failed: [] },
      'success',
      'The backup held no documents, so nothing changed.',
    ],
    ['one restored', { added: 1, duplicates: 0, failed: [] }, 'success', 'Restored 1 document.'],
    [
      'some restored, some already there',
      { added: 3, duplicates: 2, failed: [] },
      'success',
      'Restored 3 documents. 2 documents were already in your library, so they were left as they are.',
    ],
    [
      'all already there',
      { added: 0, duplicates: 1, failed: [] },
      'success',
      '1 document was already in your library, so it was left as it is.',
    ],
    [
      'one failed',
      { added: 2, duplicates: 0, failed: [{ title: 'Empty', message: 'The text is empty.' }] },
      'error',
      'Restored 2 documents. 1 document could not be restored:',
    ],
  ])('%s', (_name, report, tone, text) => {
    const status = describeBackupReport(report);
    expect(status.tone).toBe(tone);
    expect(status.text).toBe(text);
  });

  it('names each document that failed, with the reason', () => {
    expect(
      describeBackupReport({
        added: 0,
        duplicates: 0,
        failed: [{ title: 'Empty', message: 'The text is empty.' }],
      }).details,
    ).toEqual(['“Empty”: The text is empty.']);
  });
});
