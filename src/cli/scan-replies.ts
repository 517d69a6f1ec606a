// `recital scan`'s output: the shared reply loop's results, reported in input order as soon as
// each is done (the readable report, or one --json line per reply).
import type { PassageIndex } from '../core/index';
import {
  formatJson,
  formatReport,
  transcriptReplyName,
  type DescribeSource,
} from './format-report';
import type { LibraryTexts } from './library-texts';
import type { Args } from './parse-args';
import { scanInputs, type ReplyEvent } from './reply-loop';
import { StandardOutput } from './standard-output';
import type { Transcript } from './transcripts/types';

/** How the loop tells the command about problems and progress. */
export interface ScanReporter {
  warn(message: string): void;
  /** A file or part of one could not be read: the exit status becomes 1. */
  fail(): void;
  progress(message: string): void;
}

const FLUSH_CHARS = 64 * 1024;

/** A transcript's readable report, gathered until its summary line can be written first. */
interface TranscriptReport {
  transcript: Transcript;
  flagged: number;
  report: string;
}

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
  const describe: DescribeSource = (name) => texts.describe(name);
  const options = { minWords: args.minWords, includeNear: args.includeNear };
  let current: TranscriptReport | undefined;
  for await (const event of scanInputs(args.replies, index, texts, options)) {
    if (event.kind === 'reply' && ++scanned % 50 === 0)
      reporter.progress(`scanned ${scanned} replies`);
    if (event.kind === 'input') {
      const { input } = event;
      current =
        input.kind === 'transcript'
          ? { transcript: input.transcript, flagged: 0, report: '' }
          : undefined;
    } else if (event.kind === 'end') {
      if (current) await endTranscript(event.file, event.replies, current, args, reporter, emit);
    } else {
      await emit(eventOutput(event, args, describe, reporter, current));
    }
    if (output.isClosed) break;
  }
  await output.write(pending);
  reporter.progress('');
  return output;
}

// What a reply or a problem adds to the output now ('' when it waits for its transcript's end).
function eventOutput(
  event: Exclude<ReplyEvent, { kind: 'input' | 'end' }>,
  args: Args,
  describe: DescribeSource,
  reporter: ScanReporter,
  current: TranscriptReport | undefined,
): string {
  if (event.kind === 'unreadable') {
    reporter.warn(event.message);
    reporter.fail();
    return args.json ? JSON.stringify({ reply: event.file, error: event.message }) + '\n' : '';
  }
  if (event.kind === 'problem') {
    reporter.warn(`${event.file}: ${event.message}`);
    reporter.fail();
    const line = { reply: event.file, conversation: event.conversation, error: event.message };
    return args.json ? JSON.stringify(line) + '\n' : '';
  }
  const { file, origin, text, result, lookup } = event;
  if (args.json) return formatJson(file, result, describe, origin);
  if (!origin) return formatReport(file, text, result, lookup, describe);
  // Transcripts: a summary line for the file, then only the flagged replies, each named by
  // conversation, title and message.
  if (current && result.spans.length > 0) {
    current.flagged++;
    const name = transcriptReplyName(file, origin);
    current.report += formatReport(name, text, result, lookup, describe);
  }
  return '';
}

async function endTranscript(
  file: string,
  replies: number,
  { transcript, flagged, report }: TranscriptReport,
  args: Args,
  reporter: ScanReporter,
  emit: (chunk: string) => Promise<void>,
): Promise<void> {
  if (replies === 0)
    reporter.warn(`${file}: ${transcript.format} with no assistant replies to scan`);
  if (args.json) return;
  const conversations = `${transcript.conversations} conversation${transcript.conversations === 1 ? '' : 's'}`;
  const scanned = `${replies} assistant repl${replies === 1 ? 'y' : 'ies'}`;
  await emit(
    `${file}: ${transcript.format}, ${conversations}, ${scanned}, ${flagged} with copied spans\n${report}`,
  );
}
