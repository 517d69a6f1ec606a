/** One assistant reply read from a transcript, with the names that locate it in the export. */
export interface TranscriptReply {
  kind: 'reply';
  /** ChatGPT `id`/`conversation_id`, Claude `uuid`, JSONL `id` or the 1-based line number. */
  conversation: string;
  /** ChatGPT message `id`, Claude message `uuid`, JSONL index in `messages` or `response`. */
  message: string;
  /** The conversation's title, where the export has one. */
  title?: string;
  /** The reply's text; match offsets point into it. */
  text: string;
}

/** A part of a transcript that could not be read (a bad JSONL line); the rest is still scanned. */
interface TranscriptProblem {
  kind: 'problem';
  conversation: string;
  /** Starts with where the problem is ("line 3: ..."). */
  message: string;
}

export type TranscriptItem = TranscriptReply | TranscriptProblem;

type TranscriptFormat = 'ChatGPT export' | 'Claude export' | 'empty export' | 'JSONL log';

/** What a transcript file holds, in input order. */
export interface Transcript {
  format: TranscriptFormat;
  conversations: number;
  items: TranscriptItem[];
}

/** A transcript that cannot be read at all; the message says why, without the file's name. */
export class TranscriptError extends Error {}
