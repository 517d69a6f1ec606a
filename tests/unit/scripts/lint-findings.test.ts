import { describe, expect, it } from 'vitest';
import { lintProblems, unhashed, type LintReport } from '../../../scripts/pack/lint-findings.mjs';

function report(errors: LintReport['errors'], warnings: LintReport['warnings'] = []): LintReport {
  return {
    errors,
    warnings,
    notices: [],
    summary: { errors: errors.length, warnings: warnings.length, notices: 0 },
  };
}

const evalIn = (file: string) => ({ code: 'DANGEROUS_EVAL', file, message: 'eval' });

describe('which web-ext lint findings a release may carry', () => {
  it.each([
    ['assets/lib-Hn3F9zJl.js', 'assets/lib.js'],
    ['assets/document-writer-DZL3sIgL.js', 'assets/document-writer.js'],
    ['assets/pdf.worker.min-C8PGFc0r.mjs', 'assets/pdf.worker.min.mjs'],
    ['assets/import-worker.js', 'assets/import-worker.js'],
    ['manifest.json', 'manifest.json'],
  ])('names %s as %s', (file, expected) => {
    expect(unhashed(file)).toBe(expected);
  });

  it('passes the explained warnings, up to their explained count', () => {
    const warnings = [evalIn('assets/lib-AAAAAAAA.js'), evalIn('assets/lib-AAAAAAAA.js')];
    expect(lintProblems(report([], warnings), 'firefox')).toEqual([]);
  });

  it('fails a warning nobody explained, and more of one than were explained', () => {
    const problems = lintProblems(
      report(
        [],
        [evalIn('assets/messages-AAAAAAAA.js'), ...Array(4).fill(evalIn('assets/lib-AAAAAAAA.js'))],
      ),
      'firefox',
    );
    expect(problems).toEqual([
      'warning DANGEROUS_EVAL in assets/messages.js, not explained in docs/store.md',
      '4 warnings DANGEROUS_EVAL in assets/lib.js, 3 explained',
    ]);
  });

  it('fails every error, leaving out only the Firefox-only ones for the Chrome build', () => {
    const errors = [
      { code: 'ADDON_ID_REQUIRED', file: 'manifest.json', message: 'The add-on ID is required' },
      { code: 'JSON_INVALID', file: 'manifest.json', message: 'Your JSON is not valid.' },
    ];
    expect(lintProblems(report(errors), 'chrome')).toEqual([
      'error JSON_INVALID in manifest.json: Your JSON is not valid.',
    ]);
    expect(lintProblems(report(errors), 'firefox')).toHaveLength(2);
  });
});
