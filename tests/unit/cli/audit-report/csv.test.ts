import { describe, expect, it } from 'vitest';
import { csvCell, csvHeader, csvRow } from '../../../../src/cli/audit-report/csv';
import { MATCH_FIELDS, jsonLine, matchRecord } from '../../../../src/cli/audit-report/match-record';
import { parseCsv } from './parse-csv';
import { LEDGER, REPLIES } from '../../../fixtures/audit-report/audit-run';

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['crlf\r\nend', '"crlf\r\nend"'],
    ['', ''],
    ['Ça — 😀', 'Ça — 😀'],
  ])('quotes %j as RFC 4180 says: %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it.each([
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+1 555', "'+1 555"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['a=b', 'a=b'],
  ])('keeps a formula-looking text %j as text: %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('writes numbers as numbers and null as an empty cell', () => {
    expect([csvCell(0), csvCell(-1), csvCell(0.25), csvCell(null)]).toEqual([
      '0',
      '-1',
      '0.25',
      '',
    ]);
  });
});

describe('the match records of matches.csv and matches.jsonl', () => {
  const reply = REPLIES[2]!;
  const near = reply.matches[0]!;
  const record = matchRecord(reply, 3, near, LEDGER);

  it('identify the reply and hold the match with both excerpts as exact slices', () => {
    expect(record).toMatchObject({
      reply: 3,
      file: 'chats/chatgpt.json',
      conversation: 'c2',
      conversationTitle: 'Accounts',
      message: 'm3',
      source: 'ledger.txt',
      title: 'The Ledger',
      author: null,
      kind: 'near',
      words: 24,
      edits: 3,
      replyStart: near.replyStart,
      sourceEnd: near.sourceEnd,
    });
    expect(record.replyExcerpt).toBe(reply.replyText.slice(near.replyStart, near.replyEnd));
    expect(record.sourceExcerpt).toBe(LEDGER.slice(near.sourceStart, near.sourceEnd));
  });

  it('write one CSV row with a cell per header column, and a header row of the field names', () => {
    expect(csvHeader()).toBe(`${MATCH_FIELDS.join(',')}\r\n`);
    const row = csvRow(record);
    expect(row.endsWith('\r\n')).toBe(true);
    const [cells] = parseCsv(row);
    expect(cells).toHaveLength(MATCH_FIELDS.length);
    expect(cells![MATCH_FIELDS.indexOf('replyExcerpt')]).toBe(record.replyExcerpt);
    expect(row).toContain(`"${record.replyExcerpt as string}"`);
  });

  it('write one JSON line with the same fields, null where absent, and no formula guard', () => {
    const line = jsonLine({ ...record, title: '=cmd' });
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    const parsed = JSON.parse(line) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual([...MATCH_FIELDS]);
    expect([parsed.title, parsed.author, parsed.edits]).toEqual(['=cmd', null, 3]);
  });

  it('leave the source excerpt null when the source text is unavailable', () => {
    expect(matchRecord(reply, 3, near, undefined).sourceExcerpt).toBeNull();
  });
});
