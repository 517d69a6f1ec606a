// `recital audit`'s arguments and the report folder it will (and will not) write into.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAudit, parseArgs, UsageError } from '../../../src/cli/parse-args';
import { refuseReportFolder } from '../../../src/cli/report-folder';

describe('parseArgs audit', () => {
  it('reads the scan options, the report folder and the inputs', () => {
    const args = parseArgs(
      ['audit', '--library', 'a', '--min-words', '8', '--exact-only', '--library', 'b'].concat([
        '--out',
        'rep',
        'x.jsonl',
        '-',
      ]),
    );
    expect(args).toEqual({
      command: 'audit',
      libraries: ['a', 'b'],
      minWords: 8,
      includeNear: false,
      json: false,
      replies: ['x.jsonl', '-'],
      out: 'rep',
    });
    expect(args !== 'help' && isAudit(args)).toBe(true);
    const scan = parseArgs(['scan', '--library', 'a', 'x.txt']);
    expect(scan !== 'help' && isAudit(scan)).toBe(false);
  });

  it.each([
    [['audit', '--library', 'a', 'x'], 'give --out DIR, the folder for the report'],
    [['audit', '--library', 'a', '--out', 'r', '--out', 's', 'x'], 'give --out once'],
    [['audit', '--library', 'a', '--out'], '--out needs a path'],
    [
      ['audit', '--library', 'a', '--out', 'r'],
      'give at least one reply file (or - for standard input)',
    ],
    [['audit', '--out', 'r', 'x'], 'give at least one --library'],
    [
      ['audit', '--library', 'a', '--out', 'r', '--min-words', '0', 'x'],
      '--min-words needs a whole number of at least 1',
    ],
    [['audit', '--library', 'a', '--out', 'r', '--bogus', 'x'], 'unknown option --bogus'],
    [
      ['report'],
      "unknown command 'report' (expected 'scan', 'audit', 'index', 'catalogue' or 'serve')",
    ],
  ])('refuses %j: %s', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(new UsageError(message));
  });

  it('answers help', () => {
    expect(parseArgs(['audit', '--help'])).toBe('help');
  });
});

describe('refuseReportFolder', () => {
  let dir = '';
  const at = (name: string): string => path.join(dir, name);
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recital-out-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('takes a missing folder, an empty one, and one holding only an earlier report', () => {
    expect(refuseReportFolder(at('new/deeper'))).toBeUndefined();
    expect(refuseReportFolder(dir)).toBeUndefined();
    fs.writeFileSync(at('.matches.csv.partial'), 'left by a run that was killed');
    expect(refuseReportFolder(dir)).toBeUndefined();
    fs.writeFileSync(
      at('report.html'),
      '<!doctype html><html><head><title>Recital evidence report, 2026</title>',
    );
    fs.writeFileSync(at('matches.csv'), '');
    expect(refuseReportFolder(dir)).toBeUndefined();
  });

  it('refuses a folder with any other file, and a report.html that is not Recital’s', () => {
    fs.writeFileSync(at('matches.csv'), 'a spreadsheet of mine');
    expect(refuseReportFolder(dir)).toMatch(
      /is not empty and holds no earlier Recital report \(it has matches\.csv\)/,
    );
    fs.writeFileSync(at('report.html'), '<title>Quarterly report</title>');
    expect(refuseReportFolder(dir)).toMatch(/holds no earlier Recital report/);
    fs.writeFileSync(at('report.html'), '<title>Recital evidence report</title>');
    expect(refuseReportFolder(dir)).toBeUndefined();
    fs.writeFileSync(at('notes.txt'), '');
    expect(refuseReportFolder(dir)).toMatch(/\(it has notes\.txt\)/);
  });

  it('refuses a file', () => {
    fs.writeFileSync(at('file'), '');
    expect(refuseReportFolder(at('file'))).toBe(`--out ${at('file')} is a file, not a folder`);
  });
});
