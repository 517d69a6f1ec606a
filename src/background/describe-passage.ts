/** Where a passage sits in its document, and the text around it. */
export interface PassagePlace {
  /** Start of the passage as a share of the text, 0..100, one decimal. */
  percent: number;
  chapter?: string;
  before: string;
  passage: string;
  after: string;
}

const CONTEXT_CHARS = 240;
const HEADING = /^[ \t]*((?:chapter|part|book|act|canto|section)\b[^\n]{0,80})$/gim;

function lastHeadingBefore(text: string, at: number): string | undefined {
  let heading: string | undefined;
  HEADING.lastIndex = 0;
  const head = text.slice(0, at);
  for (let m = HEADING.exec(head); m; m = HEADING.exec(head)) heading = m[1]?.trim();
  return heading;
}

/**
 * The passage at raw offsets [start, end) of `text` with about {@link CONTEXT_CHARS} of context
 * each side, cut at whitespace so no word is split; `…` marks a cut.
 */
export function describePassage(text: string, start: number, end: number): PassagePlace {
  let from = Math.max(0, start - CONTEXT_CHARS);
  if (from > 0) {
    const space = text.slice(from, start).search(/\s/);
    from = space < 0 ? start : from + space + 1;
  }
  let to = Math.min(text.length, end + CONTEXT_CHARS);
  if (to < text.length) {
    const tail = text.slice(end, to);
    const space = Math.max(tail.lastIndexOf(' '), tail.lastIndexOf('\n'));
    to = space < 0 ? end : end + space;
  }
  const chapter = lastHeadingBefore(text, start);
  return {
    percent: text.length === 0 ? 0 : Math.round((start / text.length) * 1000) / 10,
    ...(chapter !== undefined && { chapter }),
    before: from > 0 ? `… ${text.slice(from, start).trimStart()}` : text.slice(from, start),
    passage: text.slice(start, end),
    after: to < text.length ? `${text.slice(end, to).trimEnd()} …` : text.slice(end, to),
  };
}
