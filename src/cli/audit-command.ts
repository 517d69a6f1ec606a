// `recital audit`: scans like `recital scan` (the same reply loop, reply-loop.ts) and writes the
// evidence report (report.html, matches.csv, matches.jsonl; docs/audit-report.md) into --out,
// with a progress bar on stderr.
import fs from 'node:fs';
import path from 'node:path';
import type { PassageIndex, TextLookup } from '../core/index';
import { AuditInputError } from './audit-report/check-reply';
import { countOf } from './audit-report/format-numbers';
import { AuditProgress, type ProgressCounts } from './audit-report/progress';
import type { RunTotals } from './audit-report/run-summary';
import type { AuditInput, AuditMatch, AuditReply, AuditRun } from './audit-report/types';
import { writeAuditReport } from './audit-report/write-audit-report';
import type { LibraryTexts } from './library-texts';
import type { AuditArgs } from './parse-args';
import { FileError, statFile, whyNotRegular } from './read-text-file';
import { scanInputs, type ScannedReply } from './reply-loop';
import { refuseReportFolder } from './report-folder';
import { SavedIndexError } from './saved-index/index-file';
import type { ReplyInput } from './transcripts/read-reply-input';

// package.json's version, set by vite.cli.config.ts when the CLI is built.
declare const __RECITAL_VERSION__: string | undefined;
const VERSION = typeof __RECITAL_VERSION__ === 'string' ? __RECITAL_VERSION__ : 'unbuilt';

export interface AuditLibrary {
  index: PassageIndex;
  texts: LibraryTexts;
  /** UTF-16 code units of library text indexed. */
  characters: number;
}

export interface AuditReporter {
  warn(message: string): void;
  /** A file could not be read or the report written: the exit status becomes 1. */
  fail(): void;
}

// An input that cannot be read whole stops the run before any report is written: the report
// states what was scanned, and a file left out in silence would make that untrue.
class AuditStop extends Error {}

/** Why the audit cannot start (an input that is not a file, the report folder taken), if so. */
export function refuseAudit(args: AuditArgs): string | undefined {
  for (const file of args.replies) {
    if (file === '-') continue;
    try {
      const why = whyNotRegular(statFile(file));
      if (why) return `${file}: ${why}`;
    } catch (error) {
      if (error instanceof FileError) return error.message;
      throw error;
    }
  }
  return refuseReportFolder(args.out);
}

const FORMATS = {
  'ChatGPT export': 'chatgpt',
  'Claude export': 'claude',
  'JSONL log': 'jsonl',
  'empty export': 'empty',
} as const;

function describeInput(file: string, input: ReplyInput): AuditInput {
  if (input.kind === 'text') return { file, format: 'text', replies: 1 };
  const { format, items } = input.transcript;
  const problem = items.find((item) => item.kind === 'problem');
  if (problem) throw new AuditStop(`${file}: ${problem.message}`);
  return { file, format: FORMATS[format], replies: items.length };
}

function auditReply(scanned: ScannedReply, texts: LibraryTexts): AuditReply {
  const { file, origin, text, result } = scanned;
  const matches = result.spans.map((s): AuditMatch => {
    const metadata = texts.describe(s.docId);
    return {
      replyStart: s.replyStart,
      replyEnd: s.replyEnd,
      source: s.docId,
      title: metadata?.title ?? s.docId,
      ...(metadata?.author ? { author: metadata.author } : {}),
      sourceStart: s.sourceStart,
      sourceEnd: s.sourceEnd,
      words: s.words,
      kind: s.kind,
      score: s.score,
      edits: s.edits,
    };
  });
  return {
    file,
    ...(origin && {
      conversation: origin.conversation,
      message: origin.message,
      ...(origin.title === undefined ? {} : { conversationTitle: origin.title }),
    }),
    replyText: text,
    words: result.words,
    coverage: result.coverage,
    matches,
  };
}

function sizeOf(file: string): number {
  try {
    return file === '-' ? 0 : fs.statSync(file).size;
  } catch {
    return 0; // gone since refuseAudit: reading it says why
  }
}

/** Scans every reply of `args.replies` and writes the report into `args.out`. */
export async function runAudit(
  args: AuditArgs,
  library: AuditLibrary,
  reporter: AuditReporter,
): Promise<void> {
  const sizes = args.replies.map(sizeOf);
  const total = { files: sizes.length, bytes: sizes.reduce((a, b) => a + b, 0) };
  const progress = new AuditProgress(process.stderr, total);
  const done: ProgressCounts = { files: 0, replies: 0, bytes: 0 };
  const run: AuditRun = {
    generatedAt: new Date().toISOString(),
    recitalVersion: VERSION,
    minWords: args.minWords,
    includeNear: args.includeNear,
    library: {
      documents: library.index.size,
      characters: library.characters,
      roots: args.libraries,
    },
    // Filled as the inputs are read: the writer reads `run` only after the last reply.
    inputs: [],
  };
  // The lookup the reply being written was verified with: the writer asks it for the sources of
  // that reply's matches before it asks for the next reply, which may evict them.
  let lookup: TextLookup = () => undefined;
  async function* replies(): AsyncGenerator<AuditReply> {
    let bytesBefore = 0; // of the inputs read whole
    const options = { minWords: args.minWords, includeNear: args.includeNear };
    for await (const event of scanInputs(args.replies, library.index, library.texts, options)) {
      const size = sizes[done.files] ?? 0;
      if (event.kind === 'unreadable') throw new AuditStop(event.message);
      if (event.kind === 'problem') throw new AuditStop(`${event.file}: ${event.message}`);
      if (event.kind === 'input') {
        run.inputs.push(describeInput(event.file, event.input));
      } else if (event.kind === 'end') {
        if (event.replies === 0) reporter.warn(`${event.file}: no assistant replies to scan`);
        bytesBefore += size;
        done.files++;
        done.bytes = bytesBefore;
        progress.update(done);
      } else {
        lookup = event.lookup;
        done.replies++;
        done.bytes = bytesBefore + (size * (event.item + 1)) / event.items;
        progress.update(done);
        yield auditReply(event, library.texts);
      }
    }
  }
  const isNewFolder = !fs.existsSync(args.out);
  let totals: RunTotals;
  try {
    totals = await writeAuditReport(args.out, run, replies(), (source) => lookup(source));
  } catch (error) {
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    // The writer took its partial files away; a folder it made for them goes too.
    if (isNewFolder) removeEmptyFolder(args.out);
    reporter.warn(whyNoReport(error, args.out));
    reporter.fail();
    return;
  }
  progress.finish(done);
  const report = path.join(args.out, 'report.html');
  const flagged = `${totals.repliesFlagged.toLocaleString('en')} of ${countOf(totals.repliesScanned, 'reply', 'replies')} flagged`;
  const spans = `${countOf(totals.spans, 'copied span')} (${totals.exactSpans.toLocaleString('en')} exact)`;
  process.stdout.write(
    `${report}\n  ${flagged}, ${spans}; every match also in matches.csv and matches.jsonl beside it\n`,
  );
}

function removeEmptyFolder(dir: string): void {
  try {
    fs.rmdirSync(dir);
  } catch {
    // not there, or not empty: leave it
  }
}

// The message for a run that wrote no report (an earlier report in the folder is kept as it was).
function whyNoReport(error: unknown, out: string): string {
  const kept = 'no report written';
  if (error instanceof AuditStop)
    return `${error.message}; ${kept} (an audit reads every reply of its inputs: fix the file or leave it out)`;
  if (error instanceof AuditInputError || error instanceof SavedIndexError)
    return `${error.message}; ${kept}`;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string')
    return `cannot write the report into ${out} (${code}: ${(error as Error).message}); ${kept}`;
  throw error;
}
