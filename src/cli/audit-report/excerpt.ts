// A span with a little of the text around it, cut at word boundaries so no word is shown halved.

/** Characters of context shown on each side of a span in the report. */
const CONTEXT_CHARS = 160;

export interface Excerpt {
  before: string;
  match: string;
  after: string;
  /** Whether text before `before` / after `after` was left out. */
  clippedBefore: boolean;
  clippedAfter: boolean;
}

/** `text[start, end)` with up to `context` characters each side (UTF-16 offsets). */
export function excerptAround(
  text: string,
  start: number,
  end: number,
  context = CONTEXT_CHARS,
): Excerpt {
  const from = Math.max(0, start - context);
  const to = Math.min(text.length, end + context);
  let before = text.slice(from, start);
  let after = text.slice(end, to);
  // Drop the partial word at a cut edge; a cut that falls on whitespace halves no word.
  if (from > 0 && !/\s/.test(text[from - 1] as string)) before = before.replace(/^\S*\s*/, '');
  if (to < text.length && !/\s/.test(text[to] as string)) after = after.replace(/\s*\S*$/, '');
  return {
    before,
    match: text.slice(start, end),
    after,
    clippedBefore: from > 0,
    clippedAfter: to < text.length,
  };
}

/** Longest excerpt written to the CSV and JSONL files (spreadsheets cap a cell at 32,767). */
export const MAX_EXCERPT_CHARS = 20_000;

/** `text[start, end)`, cut to MAX_EXCERPT_CHARS with a closing ` […]` when longer. */
export function spanText(text: string, start: number, end: number): string {
  if (end - start <= MAX_EXCERPT_CHARS) return text.slice(start, end);
  return `${text.slice(start, start + MAX_EXCERPT_CHARS)} […]`;
}
