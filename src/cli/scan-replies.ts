// `recital scan`'s output: the shared reply loop's results, each written as soon as it is scanned,
// in input order (the readable report, or one --json line per reply); nothing waits for a batch.
import type { PassageIndex } from '../core/index';
import {
  formatJson,
  formatReport,
  transcriptReplyName,
  type DescribeSource,
} from './format-report';
import type { LibraryTexts } from './library-texts';
import type { Args } from './parse-args';
import { scanInputs, type ReadReplyInput, type ReplyEvent } from './reply-loop';
import { StandardOutput } from './standard-output';
import type { Transcript } from './transcripts/types';

/** How the loop tells the command about problems and progress. */
export interface ScanReporter {
  warn(message: string): void;
  /** A file or part of one could not be read: the exit status becomes 1. */
  fail(): void;
  progress(message: string): void;
}

/** A transcript being reported: its flagged replies are counted for its closing line. */
interface TranscriptReport {
  transcript: Transcript;
  flagged: number;
}

/** Where the results go and where replies come from; tests give their own. */
interface ScanIo {
  output?: StandardOutput;
  read?: ReadReplyInput;
}

/** Scans every reply of `args` and writes the results; resolves to the output it wrote to. */
export async function scanReplies(
  args: Args,
  index: PassageIndex,
  texts: LibraryTexts,
  reporter: ScanReporter,
  io: ScanIo = {},
): Promise<StandardOutput> {
  const output = io.output ?? new StandardOutput();
  let scanned = 0;
  const describe: DescribeSource = (name) => texts.describe(name);
  const options = { minWords: args.minWords, includeNear: args.includeNear };
  let current: TranscriptReport | undefined;
  for await (const event of scanInputs(args.replies, index, texts, options, io.read)) {
    if (event.kind === 'reply' && ++scanned % 50 === 0)
      reporter.progress(`scanned ${scanned} replies`);
    if (event.kind === 'input') {
      const { input } = event;
      current =
        input.kind === 'transcript' ? { transcript: input.transcript, flagged: 0 } : undefined;
      if (current && !args.json) await output.write(transcriptHead(event.file, current.transcript));
    } else if (event.kind === 'end') {
      if (current)
        await output.write(endTranscript(event.file, event.replies, current, args, reporter));
    } else {
      await output.write(eventOutput(event, args, describe, reporter, current));
    }
    if (output.isClosed) break;
  }
  reporter.progress('');
  return output;
}

// What a reply or a problem adds to the output now ('' for a transcript reply without copies).
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
  // Transcripts: only the flagged replies, each named by conversation, title and message.
  if (result.spans.length === 0) return '';
  if (current) current.flagged++;
  return formatReport(transcriptReplyName(file, origin), text, result, lookup, describe);
}

// A transcript's first line: what it holds, known once it is read and before any reply is scanned.
function transcriptHead(file: string, { format, conversations, items }: Transcript): string {
  const replies = items.filter((item) => item.kind === 'reply').length;
  return `${file}: ${format}, ${count(conversations, 'conversation', 'conversations')}, ${count(replies, 'assistant reply', 'assistant replies')}\n`;
}

const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

// A transcript's closing line, after its flagged replies: how many of its replies had copies.
function endTranscript(
  file: string,
  replies: number,
  { transcript, flagged }: TranscriptReport,
  args: Args,
  reporter: ScanReporter,
): string {
  if (replies === 0)
    reporter.warn(`${file}: ${transcript.format} with no assistant replies to scan`);
  if (args.json) return '';
  return `${file}: ${flagged} of ${count(replies, 'assistant reply', 'assistant replies')} with copied spans\n`;
}
