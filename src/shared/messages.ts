/**
 * THE message protocol: one typed map per direction. Each entry maps a message `type` to its
 * request payload and the value of its `Result` reply. Events are named in the past tense,
 * commands in the imperative. Anything sent to a content script carries reply ids and offsets,
 * never library text.
 */
import type { MatchKind } from '../core/index';
import type { Result } from './result';
import { err } from './result';

/** A matched span as the page may know it: offsets into the reply's text, nothing else. */
export interface ReplySpan {
  /** Stable within the reply: `${docKey}:${sourceWordStart}` hashed; never passage text. */
  spanId: string;
  /** UTF-16 offsets into the reply text the content script sent, end exclusive. */
  replyStart: number;
  replyEnd: number;
  kind: MatchKind;
}

/** Content script -> background. */
export type ContentToBackground = {
  /** A reply's text changed (streaming) or completed. `text` is the whole current text. */
  replyChanged: {
    request: { siteId: string; replyId: string; text: string; isComplete: boolean; url: string };
    response: { spans: ReplySpan[] };
  };
  /** What the adapter sees on this page, for the popup's "found no replies" state. */
  pageScanned: {
    request: { siteId: string; url: string; replyCount: number };
    response: null;
  };
};

/** Background -> content script. */
export type BackgroundToContent = {
  /** Scroll to a span and flash its highlight. */
  highlightSpan: { request: { replyId: string; spanId: string }; response: { found: boolean } };
  /** The library or settings changed: re-send every reply for a fresh scan. */
  rescanRequested: { request: Record<string, never>; response: null };
};

/** Extension pages (popup, options, welcome) -> background. */
export type PopupToBackground = {
  /** Adds one document from plain text (the paste box; tests seed the library with it). */
  addText: { request: { title: string; author?: string; text: string }; response: { docId: string; duplicate: boolean } };
  /** The library changed in the store (import, edit, delete): reload the index. */
  libraryChanged: { request: Record<string, never>; response: null };
  /** Scans arbitrary text (the "Check selected text" command), returning spans with sources. */
  scanText: { request: { text: string }; response: { words: number; coverage: number; spans: ReplySpan[] } };
};

/** Extension pages -> content script of a tab. */
export type PopupToContent = {
  highlightSpan: BackgroundToContent['highlightSpan'];
};

/** Any of the direction maps above. */
export type MessageMap = Record<string, { request: unknown; response: unknown }>;

/** A message on the wire. */
export type Message<M extends MessageMap, K extends keyof M = keyof M> = { type: K; payload: M[K]['request'] };

/** A complete set of handlers for a direction: a missing handler does not compile. */
export type Handlers<M extends MessageMap, Sender = unknown> = {
  [K in keyof M]: (payload: M[K]['request'], sender: Sender) => Promise<Result<M[K]['response']>> | Result<M[K]['response']>;
};

/** Structural check of an incoming message's envelope; payloads are checked by each handler. */
export function isMessage(value: unknown): value is { type: string; payload: unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' && 'payload' in value;
}

/**
 * Dispatches one incoming message to its handler. Unknown types and thrown errors become error
 * Results, never exceptions across the boundary.
 */
export async function dispatch<M extends MessageMap, Sender>(handlers: Handlers<M, Sender>, message: unknown, sender: Sender): Promise<Result<unknown>> {
  if (!isMessage(message)) return err('bad-message', 'Malformed message.');
  const handler = (handlers as Record<string, ((p: unknown, s: Sender) => unknown) | undefined>)[message.type];
  if (!handler) return err('unknown-message', `Unknown message type ${message.type}.`);
  try {
    return (await handler(message.payload, sender)) as Result<unknown>;
  } catch (e) {
    return err('internal', e instanceof Error ? e.message : String(e));
  }
}
