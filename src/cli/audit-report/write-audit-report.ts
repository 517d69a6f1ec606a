// `recital audit`'s output: report.html (the evidence, flagged replies only), matches.csv and
// matches.jsonl (every match) in one pass over the replies. Format: docs/audit-report.md.
import { createReadStream, createWriteStream } from 'node:fs';
import { appendFile, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { checkReply } from './check-reply';
import { CSV_BOM, csvHeader, csvRow } from './csv';
import { FileSink } from './file-sink';
import { jsonLine, matchRecord } from './match-record';
import { pageEnd, pageStart } from './render-page';
import { renderReply } from './render-reply';
import { RunSummary, type RunTotals } from './run-summary';
import type { AuditReply, AuditRun, SourceTextLookup } from './types';

const REPORT_FILES = ['report.html', 'matches.csv', 'matches.jsonl'] as const;

// Written beside the final files and renamed over them only when the whole report is written, so
// a failed run leaves an earlier report in the folder as it was.
const partial = (dir: string, name: string): string => path.join(dir, `.${name}.partial`);

/**
 * Writes REPORT_FILES into `dir` (created if missing) from `replies`, read once in order.
 * `sourceText` gives a library document's text by its path (undefined when it is gone). Throws
 * AuditInputError, before replacing any file, when a match's offsets do not fit its texts.
 */
export async function writeAuditReport(
  dir: string,
  run: AuditRun,
  replies: Iterable<AuditReply> | AsyncIterable<AuditReply>,
  sourceText: SourceTextLookup,
): Promise<RunTotals> {
  await mkdir(dir, { recursive: true });
  const details = partial(dir, 'replies.html');
  const temps = [...REPORT_FILES.map((name) => partial(dir, name)), details];
  const sinks: FileSink[] = [];
  try {
    const csv = await FileSink.create(partial(dir, 'matches.csv'));
    sinks.push(csv);
    const jsonl = await FileSink.create(partial(dir, 'matches.jsonl'));
    sinks.push(jsonl);
    const body = await FileSink.create(details);
    sinks.push(body);
    await csv.write(CSV_BOM + csvHeader());
    const summary = new RunSummary();
    const sourceIds = new Map<string, number>();
    const sourceIndex = (source: string): number => {
      if (!sourceIds.has(source)) sourceIds.set(source, sourceIds.size);
      return sourceIds.get(source) as number;
    };
    let number = 0;
    for await (const reply of replies) {
      number++;
      // Each source text is asked for once per reply: the lookup may read it from disk.
      const texts = new Map<string, string | undefined>();
      const textOf = (source: string): string | undefined => {
        if (!texts.has(source)) texts.set(source, sourceText(source));
        return texts.get(source);
      };
      checkReply(reply, number, textOf);
      summary.add(reply, number);
      if (reply.matches.length === 0) continue;
      for (const match of reply.matches) {
        const record = matchRecord(reply, number, match, textOf(match.source));
        await csv.write(csvRow(record));
        await jsonl.write(jsonLine(record));
      }
      await body.write(renderReply(reply, number, sourceIndex, textOf).value);
    }
    if (summary.totals.repliesFlagged === 0) await body.write('<p>No reply was flagged.</p>\n');
    for (const sink of sinks.splice(0)) await sink.close();
    await assembleHtml(dir, details, run, summary, sourceIndex);
    for (const name of REPORT_FILES) await rename(partial(dir, name), path.join(dir, name));
    await rm(details, { force: true });
    return summary.totals;
  } catch (e) {
    for (const sink of sinks) await sink.close().catch(() => undefined);
    for (const temp of temps) await rm(temp, { force: true });
    throw e;
  }
}

// The summaries come first in the page but are known only after the last reply, so the replies
// went to their own file and are copied in after the summaries.
async function assembleHtml(
  dir: string,
  details: string,
  run: AuditRun,
  summary: RunSummary,
  sourceIndex: (source: string) => number,
): Promise<void> {
  const target = partial(dir, 'report.html');
  const start = await FileSink.create(target);
  await start.write(pageStart(run, summary, sourceIndex).value);
  await start.close();
  await pipeline(createReadStream(details), createWriteStream(target, { flags: 'a' }));
  await appendFile(target, pageEnd(run).value, 'utf8');
}
