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

/** A heading line on its own, as HEADING matches it in a text (the same expression). */
const HEADING_LINE = new RegExp(HEADING.source, 'i');
/** Line ends other than `\n`, where the multiline HEADING's `^` and `$` also match. */
const OTHER_LINE_ENDS = /[\r\u2028\u2029]/;
/** The first letters of the headings' words, lower case (an ASCII letter | 0x20). */
const HEADING_FIRSTS = new Set([...'cpbas'].map((c) => c.charCodeAt(0)));
/** The longest heading line after its indent: the longest word and 80 characters. */
const HEADING_MAX = 'chapter'.length + 80;

/**
 * Every chapter-like heading of `s`: [offset of its line, heading], as HEADING finds them. Only
 * lines that can be one (short, starting with a heading word's letter) are tried: a regular
 * expression anchored at every line of a book took about 2 ms a 0.5 MB text.
 */
function headingLines(s: string): [number, string][] {
  const found: [number, string][] = [];
  if (OTHER_LINE_ENDS.test(s)) {
    HEADING.lastIndex = 0;
    for (let m = HEADING.exec(s); m; m = HEADING.exec(s))
      found.push([m.index, (m[1] ?? '').trim()]);
    return found;
  }
  for (let start = 0; start < s.length;) {
    const newline = s.indexOf('\n', start);
    const end = newline === -1 ? s.length : newline;
    let k = start;
    while (k < end && (s.charCodeAt(k) === 32 || s.charCodeAt(k) === 9)) k++;
    if (end - k <= HEADING_MAX && HEADING_FIRSTS.has(s.charCodeAt(k) | 0x20)) {
      const m = HEADING_LINE.exec(s.slice(start, end));
      if (m) found.push([start, (m[1] ?? '').trim()]);
    }
    start = end + 1;
  }
  return found;
}

/** The last chapter-like heading of `text` in [from, at). */
export function lastHeadingBefore(text: string, from: number, at: number): string | undefined {
  return headingLines(text.slice(from, at)).at(-1)?.[1];
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
  return headingLines(text.slice(from)).map(([at, heading]) => [from + at, heading]);
}

/**
 * Where the first whole line of a part cut from offset `from` starts in it: a part starts
 * mid-line, and that partial line is not read as a heading (its heading, if any, is the one
 * the part's place names).
 */
export const firstLineOf = (from: number, text: string): number =>
  from === 0 ? 0 : text.indexOf('\n') + 1;
