import { describe, expect, it } from 'vitest';
import { AUDIT_CSV_COLUMNS, toAuditCsv, toAuditJson } from '../../../src/audit/audit-export';
import { filterAuditRecords, NO_FILTERS } from '../../../src/audit/filter-audit-records';
import type { AuditRecord, AuditSpan } from '../../../src/library/store/index';

function span(patch: Partial<AuditSpan> = {}): AuditSpan {
  return {
    docId: 'd1',
    title: 'Orchard Hours',
    author: 'T. Reyne',
    kind: 'exact',
    words: 20,
    edits: 0,
    score: 30,
    replyStart: 0,
    replyEnd: 10,
    sourceStart: 5,
    sourceEnd: 15,
    replyExcerpt: 'copied',
    sourceExcerpt: 'copied',
    ...patch,
  };
}

function record(patch: Partial<AuditRecord> = {}): AuditRecord {
  return {
    id: 'r1',
    time: Date.UTC(2026, 10, 27, 12),
    siteId: 'chatgpt',
    url: 'https://chatgpt.com/c/1',
    replyId: 'a-1',
    replyText: 'copied text',
    replyWords: 40,
    coverage: 0.5,
    spans: [span()],
    ...patch,
  };
}

const label = (id: string): string => (id === 'chatgpt' ? 'ChatGPT' : id);

describe('the audit CSV', () => {
  it('has a BOM, the documented header and one CRLF row per span', () => {
    const csv = toAuditCsv(
      [record({ spans: [span(), span({ docId: 'd2', title: 'Almanac' })] })],
      label,
    );
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe(AUDIT_CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
    expect(lines[1]).toContain(',ChatGPT,https://chatgpt.com/c/1,');
    expect(lines[1]).toContain('2026-11-27T12:00:00.000Z');
  });

  it.each([
    ['a comma', 'a, b', '"a, b"'],
    ['a quote', 'say "hi"', '"say ""hi"""'],
    ['a line break', 'one\ntwo', '"one\ntwo"'],
    ['a formula', '=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['a leading minus', '-1 point', "'-1 point"],
    ['unicode', 'Ça coûte — “cher”', 'Ça coûte — “cher”'],
  ])('escapes a cell with %s', (_name, excerpt, cell) => {
    const csv = toAuditCsv([record({ spans: [span({ replyExcerpt: excerpt })] })], label);
    expect(csv).toContain(`,${cell},copied\r\n`);
  });

  it('is only the header for no records', () => {
    expect(toAuditCsv([], label)).toBe(`\uFEFF${AUDIT_CSV_COLUMNS.join(',')}\r\n`);
  });
});

describe('the audit JSON', () => {
  it('names its format and version and keeps texts exact', () => {
    const json = JSON.parse(
      toAuditJson(
        [record({ spans: [span({ replyExcerpt: '=1+1' })] })],
        NO_FILTERS,
        label,
        new Date(0),
      ),
    ) as {
      format: string;
      version: number;
      exportedAt: string;
      records: { siteLabel: string; timeUtc: string; spans: AuditSpan[] }[];
    };
    expect(json).toMatchObject({
      format: 'recital-audit',
      version: 1,
      exportedAt: '1970-01-01T00:00:00.000Z',
    });
    expect(json.records[0]).toMatchObject({
      siteLabel: 'ChatGPT',
      timeUtc: '2026-11-27T12:00:00.000Z',
    });
    expect(json.records[0]?.spans[0]?.replyExcerpt).toBe('=1+1');
  });
});

describe('filterAuditRecords', () => {
  const records = [
    record({
      id: 'a',
      siteId: 'chatgpt',
      time: new Date(2026, 10, 20, 10).getTime(),
      spans: [span({ docId: 'd1', words: 30 }), span({ docId: 'd2', words: 14 })],
    }),
    record({
      id: 'b',
      siteId: 'claude',
      time: new Date(2026, 10, 25, 23, 59).getTime(),
      spans: [span({ docId: 'd2', words: 16 })],
    }),
  ];

  it.each([
    [
      'no filters keep everything',
      {},
      [
        ['a', 2],
        ['b', 1],
      ],
    ],
    ['a site', { siteId: 'claude' }, [['b', 1]]],
    ['a document keeps only its spans', { docId: 'd1' }, [['a', 1]]],
    ['a minimum length drops short spans and emptied records', { minWords: 20 }, [['a', 1]]],
    ['an inclusive date range', { from: '2026-11-25', to: '2026-11-25' }, [['b', 1]]],
    ['a range before everything', { to: '2026-11-19' }, []],
  ] as const)('%s', (_name, filters, expected) => {
    const out = filterAuditRecords(records, { ...NO_FILTERS, ...filters });
    expect(out.map((r) => [r.id, r.spans.length])).toEqual(expected);
  });
});
