// The source passage as the popup shows it: a little context cut at sentence ends, the file's
// hard line wraps reflowed, and never a Gutenberg header, licence or front matter around it.
import { bodyBounds, lastHeadingBefore } from '../core/index';

/** Where a passage sits in its document, and the text around it. */
export interface PassagePlace {
  /** Start of the passage as a share of the text's body, 0..100, one decimal. */
  percent: number;
  chapter?: string;
  before: string;
  passage: string;
  after: string;
}

const CONTEXT_CHARS = 240;
// A sentence's end: its mark, closing quotes or brackets, then space.
const SENTENCE_END = /[.!?…]['"”’)\]]*(?=\s|$)/g;

/**
 * One paragraph per blank-line-separated block, its hard line breaks made spaces: a plain-text
 * book wraps every line at 70 characters, which in a popup's narrow column reads as ragged.
 */
export function reflowText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/[ \t]*\n(?:[ \t]*\n)+[ \t]*/)
    .map((paragraph) => paragraph.replace(/[ \t]*\n[ \t]*/g, ' '))
    .join('\n\n');
}

/** A cut in the context: where, and whether a sentence starts or ends there (no `…` needed). */
interface Cut {
  at: number;
  isSentence: boolean;
}

/** Start of the context before a passage: the first sentence start in the window, else a word's. */
function contextStart(text: string, from: number, start: number): Cut {
  SENTENCE_END.lastIndex = 0;
  const window = text.slice(from, start);
  const end = SENTENCE_END.exec(window);
  if (end) {
    const next = window.slice(end.index + end[0].length).search(/\S/);
    if (next >= 0) return { at: from + end.index + end[0].length + next, isSentence: true };
  }
  const space = window.search(/\s/);
  return { at: space < 0 ? start : from + space + 1, isSentence: false };
}

/** End of the context after a passage: the last sentence end in the window, else a word's. */
function contextEnd(text: string, end: number, to: number): Cut {
  const window = text.slice(end, to);
  let last = -1;
  SENTENCE_END.lastIndex = 0;
  for (let m = SENTENCE_END.exec(window); m; m = SENTENCE_END.exec(window))
    last = m.index + m[0].length;
  if (last > 0) return { at: end + last, isSentence: true };
  const space = Math.max(window.lastIndexOf(' '), window.lastIndexOf('\n'));
  return { at: space < 0 ? end : end + space, isSentence: false };
}

/**
 * A document's text as far as it is held: whole, or parts of it (the matcher's), with what the
 * whole text says of its body and headings.
 */
export interface PassageSource {
  readonly length: number;
  /** The book's own text, as {@link bodyBounds} gives it for the whole text. */
  readonly body: { start: number; end: number };
  /** Text [from, to), or undefined when it is not held. */
  slice(from: number, to: number): string | undefined;
  /** The last chapter-like heading of the body before `at`. */
  chapterBefore(at: number): string | undefined;
}

/** The whole text as a {@link PassageSource}. */
export function wholeSource(text: string): PassageSource {
  const body = bodyBounds(text);
  return {
    length: text.length,
    body,
    slice: (from, to) => text.slice(from, to),
    chapterBefore: (at) => lastHeadingBefore(text, body.start, at),
  };
}

/**
 * The passage at raw offsets [start, end) of `text` with about {@link CONTEXT_CHARS} of context
 * each side, cut at a sentence's end (else at whitespace, marked `…`) and never reaching into
 * the text's header, licence or front matter (see {@link bodyBounds}; a passage inside those
 * gets the whole text as its bounds). All three parts are reflowed ({@link reflowText}).
 */
export function describePassage(text: string, start: number, end: number): PassagePlace {
  return describeFrom(wholeSource(text), start, end) as PassagePlace;
}

/**
 * {@link describePassage} from a source that may hold only parts of the text: undefined when it
 * does not hold the passage and its context.
 */
export function describeFrom(
  source: PassageSource,
  start: number,
  end: number,
): PassagePlace | undefined {
  let body = source.body;
  if (start < body.start || end > body.end) body = { start: 0, end: source.length };
  const window = {
    from: Math.max(body.start, start - CONTEXT_CHARS),
    to: Math.min(body.end, end + CONTEXT_CHARS),
  };
  const held = source.slice(window.from, window.to);
  if (held === undefined) return undefined;
  // `held` is the source's [window.from, window.to); `at` gives a source offset's place in it.
  const at = (n: number): number => n - window.from;
  const head: Cut =
    window.from > body.start
      ? shift(contextStart(held, 0, at(start)), window.from)
      : { at: window.from, isSentence: true };
  const tail: Cut =
    window.to < body.end
      ? shift(contextEnd(held, at(end), held.length), window.from)
      : { at: window.to, isSentence: true };
  const before = reflowText(held.slice(at(head.at), at(start))).trimStart();
  const after = reflowText(held.slice(at(end), at(tail.at))).trimEnd();
  const chapter = source.chapterBefore(start);
  const length = body.end - body.start;
  return {
    percent: length <= 0 ? 0 : Math.round(((start - body.start) / length) * 1000) / 10,
    ...(chapter !== undefined && { chapter }),
    before: head.isSentence ? before : `… ${before}`,
    passage: reflowText(held.slice(at(start), at(end))),
    after: tail.isSentence ? after : `${after} …`,
  };
}

const shift = (cut: Cut, by: number): Cut => ({ at: cut.at + by, isSentence: cut.isSentence });
