// The reply loop `recital scan` and `recital audit` share, so both find exactly the same spans:
// each REPLY argument is read (a plain-text reply or a transcript of many) and its replies are
// scanned one by one, in input order, as a stream of events the command turns into its output.
import {
  findSpans,
  titleLineLookup,
  type PassageIndex,
  type ScanResult,
  type TextLookup,
} from '../core/index';
import type { ReplyOrigin } from './format-report';
import type { LibraryTexts } from './library-texts';
import { FileError } from './read-text-file';
import { readReplyInput, type ReplyInput } from './transcripts/read-reply-input';

/** What the loop tells its command, in input order. */
export type ReplyEvent =
  /** A REPLY argument that could not be read at all; the message names it. */
  | { kind: 'unreadable'; file: string; message: string }
  /** A REPLY argument was read; its replies follow, then `end`. */
  | { kind: 'input'; file: string; input: ReplyInput }
  /** A part of a transcript that could not be read (a bad JSONL line); the rest follows. */
  | { kind: 'problem'; file: string; conversation: string; message: string }
  | ScannedReply
  | { kind: 'end'; file: string; replies: number };

/** One reply's result and the text lookup it was verified with. */
export interface ScannedReply {
  kind: 'reply';
  file: string;
  /** Where the reply sits in a transcript; absent for a plain-text reply. */
  origin?: ReplyOrigin;
  text: string;
  result: ScanResult;
  /**
   * Has the text of every document a span of `result` points into. Good until the next event is
   * asked for: scanning the next reply may evict texts read for this one.
   */
  lookup: TextLookup;
  /** The reply's place among its input's items (replies and problems), 0-based, and their count. */
  item: number;
  items: number;
}

interface ScanOptions {
  minWords: number;
  includeNear: boolean;
}

/** Reads one REPLY argument; throws FileError naming it when it cannot be read. */
export type ReadReplyInput = (arg: string) => Promise<ReplyInput>;

/**
 * Reads and scans every reply of `inputs` (paths, '-' for standard input) against `index`, one
 * argument at a time: the next is read only when the consumer asks for its first event.
 */
export async function* scanInputs(
  inputs: readonly string[],
  index: PassageIndex,
  texts: LibraryTexts,
  options: ScanOptions,
  read: ReadReplyInput = readReplyInput,
): AsyncGenerator<ReplyEvent, void, undefined> {
  // A span that is only its source's own title and author line is trimmed away (title-lines.ts).
  const titleLines = titleLineLookup((name) => texts.describe(name));
  // The library's order, not the index's numbers: a saved index patched with changed files
  // numbers them last, and equal matches must still name the document a fresh index would.
  const scanOptions = { ...options, titleLines, documentOrder: texts.documentOrder };
  const scan = async (text: string): Promise<{ result: ScanResult; lookup: TextLookup }> => {
    texts.startReply();
    let lookup = texts.get;
    let result = findSpans(index, text, lookup, scanOptions);
    // A match in a text no longer in memory: read it (readers are async), then scan again.
    if (texts.hasMissing) {
      lookup = await texts.readMissing();
      result = findSpans(index, text, lookup, scanOptions);
    }
    // Source offsets into each plain-text file as it is on disk, not into its tidied copy.
    const onDisk = texts.toFileOffsets(result.spans, lookup);
    return { result: { ...result, spans: onDisk.spans }, lookup: onDisk.lookup };
  };
  for (const file of inputs) {
    let input: ReplyInput;
    try {
      input = await read(file);
    } catch (e) {
      if (!(e instanceof FileError)) throw e;
      yield { kind: 'unreadable', file, message: e.message };
      continue;
    }
    yield { kind: 'input', file, input };
    if (input.kind === 'text') {
      yield {
        kind: 'reply',
        file,
        text: input.text,
        ...(await scan(input.text)),
        item: 0,
        items: 1,
      };
      yield { kind: 'end', file, replies: 1 };
      continue;
    }
    const { items } = input.transcript;
    let replies = 0;
    for (const [i, item] of items.entries()) {
      if (item.kind === 'problem') {
        const { conversation, message } = item;
        yield { kind: 'problem', file, conversation, message };
        continue;
      }
      const origin: ReplyOrigin = {
        conversation: item.conversation,
        message: item.message,
        ...(item.title === undefined ? {} : { title: item.title }),
      };
      const scanned = await scan(item.text);
      replies++;
      yield {
        kind: 'reply',
        file,
        origin,
        text: item.text,
        ...scanned,
        item: i,
        items: items.length,
      };
    }
    yield { kind: 'end', file, replies };
  }
}
