// Project Gutenberg's plain-text books name themselves in a header ("Title: …", "Author: …")
// before the "*** START OF" line; without it a book's title was its file name ("pg11").

export interface HeaderMetadata {
  title?: string | undefined;
  author?: string | undefined;
}

// The header sits in the first few KB; a book's body is never read for it.
const HEAD_CHARS = 8 * 1024;
const START_MARKER = /^[ \t]*\*{3}[ \t]*START OF/im;
// "The Project Gutenberg eBook of Alice's Adventures in Wonderland, by Lewis Carroll"
const BANNER = /^(?:\ufeff)?\s*The Project Gutenberg e-?book,? of (.{1,300}?),? by (.{1,300})$/i;

/**
 * Title and author from a Gutenberg-style header in the first 8 KB of `text`, before its
 * "*** START OF" line: `Title:` and `Author:` lines (a line indented under one continues it), any
 * letter case, CRLF or LF, a BOM; else the old one-line banner. Empty when there is no header.
 */
export function readGutenbergHeader(text: string): HeaderMetadata {
  let head = text.slice(0, HEAD_CHARS);
  const start = START_MARKER.exec(head);
  if (start) head = head.slice(0, start.index);
  const lines = head.replace(/^\ufeff/, '').split(/\r\n?|\n/);
  const found: HeaderMetadata = {};
  for (let i = 0; i < lines.length; i++) {
    const field = /^\s*(title|author)\s*:\s*(.*)$/i.exec(lines[i] ?? '');
    if (!field) continue;
    const key = (field[1] ?? '').toLowerCase() as 'title' | 'author';
    let value = field[2] ?? '';
    // A long title wraps onto indented lines: "Title: The Life and Adventures\n       of …".
    while (/^[ \t]+\S/.test(lines[i + 1] ?? '') && !/^\s*\w[\w ]{0,30}:/.test(lines[i + 1] ?? ''))
      value += ` ${(lines[++i] ?? '').trim()}`;
    value = value.replace(/\s+/g, ' ').trim();
    if (value !== '' && found[key] === undefined) found[key] = value;
  }
  if (found.title !== undefined) return found;
  const banner = BANNER.exec(lines.find((line) => line.trim() !== '') ?? '');
  if (!banner) return found;
  return { title: banner[1]?.trim(), author: found.author ?? banner[2]?.trim() };
}
