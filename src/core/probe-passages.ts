/**
 * Where a memorization probe cuts a document: its prefix (the prompt's opening words) and the
 * true continuation that follows, chosen at chapter openings, at seeded random places or where
 * the user points. Pure: the probe page and its tests cut the same words.
 */
import { tokenize } from './tokenize';

/** One probe's cut of a document. Offsets are raw UTF-16 offsets into its text, end exclusive. */
export interface ProbeCut {
  /** Document word where the prefix starts. */
  wordStart: number;
  prefix: string;
  continuation: string;
  prefixStart: number;
  /** Where the prefix ends and the continuation starts (raw). */
  continuationStart: number;
  continuationEnd: number;
}

/** A chapter heading on a line of its own, like the popup's chapter label reads them. */
const HEADING = /^[ \t]*(?:chapter|part|book|act|canto|section|letter)\b[^\n]{0,80}$/gim;

/** The first whitespace at or after `from`, but not past `limit`. */
function toSpace(text: string, from: number, limit: number): number {
  let at = from;
  while (at < limit && !/\s/.test(text[at] as string)) at++;
  return at;
}

function wordStarts(text: string): Uint32Array {
  const words = tokenize(text);
  return words.rawStarts.subarray(0, words.count);
}

/**
 * Cuts `prefixWords + continuationWords` words of `text` from word `wordStart` on, or returns
 * undefined when the text has not that many words from there. Texts are sliced from the raw
 * text, so the prompt shows the book's own spelling and punctuation.
 */
export function cutProbe(
  text: string,
  wordStart: number,
  prefixWords: number,
  continuationWords: number,
): ProbeCut | undefined {
  const words = tokenize(text);
  const end = wordStart + prefixWords + continuationWords;
  if (wordStart < 0 || prefixWords < 1 || continuationWords < 1 || end > words.count)
    return undefined;
  const prefixStart = words.rawStarts[wordStart] as number;
  const split = wordStart + prefixWords;
  // Punctuation sticks to its word: the prefix keeps a trailing comma, the continuation its
  // opening quote and final full stop.
  const cut = toSpace(text, words.rawEnds[split - 1] as number, words.rawStarts[split] as number);
  const continuationStart = words.rawStarts[split] as number;
  const lastEnd = words.rawEnds[end - 1] as number;
  const nextStart = end < words.count ? (words.rawStarts[end] as number) : text.length;
  const continuationEnd = toSpace(text, lastEnd, nextStart);
  const opening = text.slice(cut, continuationStart).trimStart();
  return {
    wordStart,
    prefix: text.slice(prefixStart, cut),
    continuation: text.slice(continuationStart - opening.length, continuationEnd),
    prefixStart,
    continuationStart: continuationStart - opening.length,
    continuationEnd,
  };
}

/** The word at or after raw offset `offset` (the user's pick in the document page). */
export function wordAtOffset(text: string, offset: number): number {
  const starts = wordStarts(text);
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((starts[mid] as number) < offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * The first word after each chapter heading (a line starting "Chapter", "Part", "Book"...), at
 * most `limit` of them. A text without headings gives its first word.
 */
export function chapterOpenings(text: string, limit: number): number[] {
  const starts = wordStarts(text);
  const found: number[] = [];
  for (const match of text.matchAll(HEADING)) {
    const word = wordAtOffset(text, match.index + match[0].length);
    if (word < starts.length && found[found.length - 1] !== word) found.push(word);
    if (found.length >= limit) break;
  }
  return found.length > 0 ? found : starts.length > 0 ? [0] : [];
}

/** Mulberry32: a small seeded generator, so a seed gives the same passages everywhere. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Up to `count` word starts for probes of `span` words each, picked at random with `seed`,
 * sorted and never overlapping. Fewer when the text has no room for more.
 */
export function randomStarts(
  totalWords: number,
  span: number,
  count: number,
  seed: number,
): number[] {
  const room = totalWords - span;
  if (room < 0 || count < 1) return [];
  const random = seeded(seed);
  const picked: number[] = [];
  // Bounded tries: a text with room for few probes must not loop.
  for (let tries = 0; picked.length < count && tries < count * 50; tries++) {
    const start = Math.floor(random() * (room + 1));
    if (picked.every((other) => Math.abs(other - start) >= span)) picked.push(start);
  }
  return picked.sort((a, b) => a - b);
}

/** Words in `text` (to bound random starts). */
export function countWords(text: string): number {
  return tokenize(text).count;
}
