// Where a plain-text book's own text lies and its chapter headings: what the popup's passage
// description needs of the whole text (background/describe-passage.ts), and what each stored
// part of a text carries of it (cut-parts.ts), so a passage is described from parts alone.

const HEADING = /^[ \t]*((?:chapter|part|book|act|canto|section)\b[^\n]{0,80})$/gim;
// A Gutenberg header ends at its "*** START OF" line within the first few KB; the licence
// follows the "*** END OF" line, some 20 KB before the end.
const HEAD_CHARS = 8 * 1024;
const TAIL_CHARS = 64 * 1024;
const GUTENBERG_START = /^[ \t]*\*{3}[ \t]*START OF[^\n]*\n?/im;
const GUTENBERG_END = /^[ \t]*\*{3}[ \t]*END OF/im;
const FRONT_MATTER = /^\ufeff?---[ \t]*\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/;

/** The last chapter-like heading of `text` in [from, at). */
export function lastHeadingBefore(text: string, from: number, at: number): string | undefined {
  let heading: string | undefined;
  HEADING.lastIndex = 0;
  const head = text.slice(from, at);
  for (let m = HEADING.exec(head); m; m = HEADING.exec(head)) heading = m[1]?.trim();
  return heading;
}

/**
 * The book's own text inside `text`, as raw offsets [start, end): without a Project Gutenberg
 * header and licence or a markdown file's front matter. The whole text when it has none.
 */
export function bodyBounds(text: string): { start: number; end: number } {
  const head = text.slice(0, HEAD_CHARS);
  const startMark = GUTENBERG_START.exec(head);
  const frontMatter = startMark ? null : FRONT_MATTER.exec(head);
  const start = startMark
    ? startMark.index + startMark[0].length
    : frontMatter
      ? frontMatter[0].length
      : 0;
  const tailFrom = Math.max(start, text.length - TAIL_CHARS);
  const endMark = startMark ? GUTENBERG_END.exec(text.slice(tailFrom)) : null;
  return { start, end: endMark ? tailFrom + endMark.index : text.length };
}

/** Every chapter-like heading of `text` from `from` on: [offset, heading]. */
export function headingsOf(text: string, from: number): [number, string][] {
  const found: [number, string][] = [];
  HEADING.lastIndex = 0;
  const rest = text.slice(from);
  for (let m = HEADING.exec(rest); m; m = HEADING.exec(rest))
    found.push([from + m.index, (m[1] ?? '').trim()]);
  return found;
}

/**
 * Where the first whole line of a part cut from offset `from` starts in it: a part starts
 * mid-line, and that partial line is not read as a heading (its heading, if any, is the one
 * the part's place names).
 */
export const firstLineOf = (from: number, text: string): number =>
  from === 0 ? 0 : text.indexOf('\n') + 1;
