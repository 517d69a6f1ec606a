import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditInputError } from '../../../../src/cli/audit-report/check-reply';
import { MATCH_FIELDS } from '../../../../src/cli/audit-report/match-record';
import type { AuditReply } from '../../../../src/cli/audit-report/types';
import { writeAuditReport } from '../../../../src/cli/audit-report/write-audit-report';
import {
  HOSTILE,
  LEDGER,
  REPLIES,
  RUN,
  sourceText,
} from '../../../fixtures/audit-report/audit-run';
import { parseCsv } from './parse-csv';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recital-report-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const read = (name: string): string => fs.readFileSync(path.join(dir, name), 'utf8');

describe('writeAuditReport', () => {
  it('writes every match to matches.csv and matches.jsonl with its reply identified', async () => {
    await writeAuditReport(dir, RUN, REPLIES, sourceText);
    const csv = read('matches.csv');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = parseCsv(csv.slice(1));
    expect(header).toEqual([...MATCH_FIELDS]);
    const lines = read('matches.jsonl')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.reply, l.source, l.kind])).toEqual([
      [1, 'sea/lighthouse.md', 'exact'],
      [3, 'ledger.txt', 'near'],
      [3, 'sea/lighthouse.md', 'exact'],
      [4, 'ledger.txt', 'exact'],
    ]);
    // The CSV holds the same records (text cells as written: none of these starts like a formula).
    expect(rows).toEqual(
      lines.map((l) => MATCH_FIELDS.map((f) => (l[f] === null ? '' : String(l[f])))),
    );
    for (const l of lines) {
      const reply = REPLIES[(l.reply as number) - 1]!;
      expect(l.replyExcerpt).toBe(
        reply.replyText.slice(l.replyStart as number, l.replyEnd as number),
      );
      expect(l.sourceExcerpt).toBe(
        sourceText(l.source as string)!.slice(l.sourceStart as number, l.sourceEnd as number),
      );
    }
  });

  it('puts only flagged replies in report.html, each with its spans and sources', async () => {
    const totals = await writeAuditReport(dir, RUN, REPLIES, sourceText);
    const page = read('report.html');
    expect([...page.matchAll(/<article [^>]*id="(reply-\d+)"/g)].map((m) => m[1])).toEqual([
      'reply-1',
      'reply-3',
      'reply-4',
    ]);
    expect(page).not.toContain(REPLIES[1]!.replyText);
    expect(totals).toMatchObject({
      repliesScanned: 4,
      repliesFlagged: 3,
      spans: 4,
      wordsCopied: 58,
    });
    expect(page).toContain('4 (3 exact, 1 near), 58 words');
    expect(page).toContain('<a href="#reply-3">24 words, reply 3</a>');
    expect(page).toContain('spans of 8 words or more; exact copies and near copies');
    // The near copy's diff: words changed between the source and the reply, marked as such.
    expect(page).toContain(
      'every <del>night</del> <ins>evening</ins> she wrote down the <del>price</del> <ins>cost</ins>',
    );
    expect(page).toContain(`<mark>${LEDGER.slice(0, 68)}</mark>`);
  });

  it('shows a reply holding markup as text: no tag, attribute or script of it reaches the page', async () => {
    await writeAuditReport(dir, RUN, REPLIES, sourceText);
    const page = read('report.html');
    expect(page).toContain(
      'Try this: &lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt; and &lt;/textarea&gt;&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot; &amp; done.',
    );
    expect(page).not.toContain(HOSTILE.slice(0, 40));
    expect(page.match(/<script/g)).toHaveLength(1);
    expect(page).not.toMatch(/<img|onerror=alert\(1\)>/);
  });

  it('is one self-contained file whose CSP allows exactly its inline style and script', async () => {
    await writeAuditReport(dir, RUN, REPLIES, sourceText);
    const page = read('report.html');
    const hash = (text: string): string =>
      `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)![1]!;
    const script = /<script>([\s\S]*?)<\/script>/.exec(page)![1]!;
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/
      .exec(page)![1]!
      .replace(/&#39;/g, "'");
    expect(csp).toBe(
      `default-src 'none'; style-src ${hash(style)}; script-src ${hash(script)}; img-src 'none'; base-uri 'none'; form-action 'none'`,
    );
    expect(page).not.toMatch(/https?:|<[a-z][^>]*\ssrc=|<link|@import|url\(/);
    expect([...page.matchAll(/href="([^"]*)"/g)].every((m) => m[1]!.startsWith('#'))).toBe(true);
  });

  it('reads the replies once, from an async iterable too', async () => {
    let reads = 0;
    async function* replies(): AsyncGenerator<AuditReply> {
      for (const r of REPLIES) {
        reads++;
        yield r;
      }
    }
    await writeAuditReport(dir, RUN, replies(), sourceText);
    expect(reads).toBe(REPLIES.length);
    expect(read('matches.jsonl').trimEnd().split('\n')).toHaveLength(4);
  });

  it('says when a source text is unavailable instead of printing wrong words', async () => {
    await writeAuditReport(dir, RUN, REPLIES, (s) =>
      s === 'ledger.txt' ? undefined : sourceText(s),
    );
    expect(read('report.html')).toContain('The source text was not available');
    const lines = read('matches.jsonl')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { source: string; sourceExcerpt: unknown });
    expect(lines.filter((l) => l.source === 'ledger.txt').map((l) => l.sourceExcerpt)).toEqual([
      null,
      null,
    ]);
  });

  it('writes a report of a run that flagged nothing', async () => {
    const totals = await writeAuditReport(dir, RUN, [REPLIES[1]!], sourceText);
    expect(totals).toMatchObject({ repliesScanned: 1, repliesFlagged: 0 });
    expect(read('report.html')).toContain('No reply was flagged.');
    expect(read('report.html')).toContain('No reply copied any library work.');
    expect(read('matches.csv')).toBe(`\uFEFF${MATCH_FIELDS.join(',')}\r\n`);
    expect(read('matches.jsonl')).toBe('');
  });

  it('streams thousands of replies into one page, each flagged reply once', async () => {
    const many = Array.from({ length: 3000 }, (_, i) => ({ ...REPLIES[i % 4]!, message: `m${i}` }));
    const totals = await writeAuditReport(dir, RUN, many, sourceText);
    expect(totals.repliesFlagged).toBe(2250);
    const page = read('report.html');
    expect(page.match(/<article /g)).toHaveLength(2250);
    expect(page.trimEnd().endsWith('</html>')).toBe(true);
    expect(read('matches.jsonl').trimEnd().split('\n')).toHaveLength(3000);
  });
});

describe('writeAuditReport refuses offsets that do not fit', () => {
  it.each([
    [
      'a reply offset past the reply',
      { replyEnd: 10_000 },
      /reply 3 \(chats\/chatgpt\.json, conversation c2, message m3\), match 1: reply characters/,
    ],
    [
      'a source offset past the source',
      { sourceEnd: 10_000 },
      /match 1: characters \d+–10000 do not fit ledger\.txt/,
    ],
    ['a start after its end', { replyStart: 50, replyEnd: 40 }, /reply characters 50–40/],
  ])(
    '%s: a clear error, and the earlier report is left as it was',
    async (_name, change, message) => {
      await writeAuditReport(dir, RUN, REPLIES, sourceText);
      const before = Object.fromEntries(
        ['report.html', 'matches.csv', 'matches.jsonl'].map((n) => [n, read(n)]),
      );
      const bad = REPLIES.map((r, i) =>
        i === 2 ? { ...r, matches: [{ ...r.matches[0]!, ...change }] } : r,
      );
      const run = writeAuditReport(dir, { ...RUN, recitalVersion: '9.9.9' }, bad, sourceText);
      await expect(run).rejects.toThrow(AuditInputError);
      await expect(run).rejects.toThrow(message);
      expect(fs.readdirSync(dir).sort()).toEqual(['matches.csv', 'matches.jsonl', 'report.html']);
      for (const [name, text] of Object.entries(before)) expect(read(name)).toBe(text);
    },
  );
});
