// The reply loop: each REPLY argument is read (a plain-text reply or a transcript of many),
// scanned reply by reply, and reported in input order as soon as it is done.
import { findSpans, type PassageIndex, type ScanResult, type TextLookup } from '../core/index';
import {
  formatJson,
  formatReport,
  transcriptReplyName,
  type DescribeSource,
} from './format-report';
import type { LibraryTexts } from './library-texts';
import type { Args } from './parse-args';
import { FileError } from './read-text-file';
import { StandardOutput } from './standard-output';
import { readReplyInput } from './transcripts/read-reply-input';
import type { Transcript } from './transcripts/types';

/** How the loop tells the command about problems and progress. */
export interface ScanReporter {
  warn(message: string): void;
  /** A file or part of one could not be read: the exit status becomes 1. */
  fail(): void;
  progress(message: string): void;
}

const FLUSH_CHARS = 64 * 1024;

/** Scans every reply of `args` and writes the results; resolves to the output it wrote to. */
export async function scanReplies(
  args: Args,
  index: PassageIndex,
  texts: LibraryTexts,
  reporter: ScanReporter,
): Promise<StandardOutput> {
  const output = new StandardOutput();
  let pending = '';
  let scanned = 0;
  const emit = async (chunk: string): Promise<void> => {
    pending += chunk;
    if (pending.length < FLUSH_CHARS) return;
    await output.write(pending);
    pending = '';
  };
  // The library's order, not the index's numbers: a saved index patched with changed files
  // numbers them last, and equal matches must still name the document a fresh index would.
  const options = {
    minWords: args.minWords,
    includeNear: args.includeNear,
    documentOrder: texts.documentOrder,
  };
  const scan = async (text: string): Promise<Scanned> => {
    if (++scanned % 50 === 0) reporter.progress(`scanned ${scanned} replies`);
    texts.startReply();
    let lookup = texts.get;
    let result = findSpans(index, text, lookup, options);
    // A match in a text no longer in memory: read it (readers are async), then scan again.
    if (texts.hasMissing) {
      lookup = await texts.readMissing();
      result = findSpans(index, text, lookup, options);
    }
    return { result, lookup };
  };
  const describe: DescribeSource = (name) => texts.describe(name);
  const run: TranscriptRun = { args, describe, reporter, output, emit, scan };
  for (const reply of args.replies) {
    let input;
    try {
      input = await readReplyInput(reply);
    } catch (e) {
      if (!(e instanceof FileError)) throw e;
      reporter.warn(e.message);
      reporter.fail();
      if (args.json) await emit(JSON.stringify({ reply, error: e.message }) + '\n');
      continue;
    }
    if (input.kind === 'text') {
      const { result, lookup } = await scan(input.text);
      await emit(
        args.json
          ? formatJson(reply, result, describe)
          : formatReport(reply, input.text, result, lookup, describe),
      );
    } else {
      await scanTranscript(run, reply, input.transcript);
    }
    if (output.isClosed) break;
  }
  await output.write(pending);
  reporter.progress('');
  return output;
}

/** One reply's result and the text lookup it was verified with. */
interface Scanned {
  result: ScanResult;
  lookup: TextLookup;
}

interface TranscriptRun {
  args: Args;
  describe: DescribeSource;
  reporter: ScanReporter;
  output: StandardOutput;
  emit(chunk: string): Promise<void>;
  scan(text: string): Promise<Scanned>;
}

// --json: one line per reply or unreadable part. The readable report: a summary line for the
// file, then only the flagged replies, each named by conversation, title and message.
async function scanTranscript(run: TranscriptRun, file: string, transcript: Transcript) {
  const { args, reporter } = run;
  let replies = 0;
  let flagged = 0;
  let report = '';
  for (const item of transcript.items) {
    if (item.kind === 'problem') {
      reporter.warn(`${file}: ${item.message}`);
      reporter.fail();
      const line = { reply: file, conversation: item.conversation, error: item.message };
      if (args.json) await run.emit(JSON.stringify(line) + '\n');
      continue;
    }
    const { result, lookup } = await run.scan(item.text);
    replies++;
    const origin = {
      conversation: item.conversation,
      message: item.message,
      ...(item.title === undefined ? {} : { title: item.title }),
    };
    if (args.json) await run.emit(formatJson(file, result, run.describe, origin));
    else if (result.spans.length > 0) {
      flagged++;
      const name = transcriptReplyName(file, origin);
      report += formatReport(name, item.text, result, lookup, run.describe);
    }
    if (run.output.isClosed) return;
  }
  if (replies === 0)
    reporter.warn(`${file}: ${transcript.format} with no assistant replies to scan`);
  if (args.json) return;
  const conversations = `${transcript.conversations} conversation${transcript.conversations === 1 ? '' : 's'}`;
  const scanned = `${replies} assistant repl${replies === 1 ? 'y' : 'ies'}`;
  await run.emit(
    `${file}: ${transcript.format}, ${conversations}, ${scanned}, ${flagged} with copied spans\n${report}`,
  );
}
