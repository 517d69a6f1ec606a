import { ImportError, type ImportedDocument } from './types';

export interface DocumentParts {
  text: string;
  format: string;
  title?: string | undefined;
  author?: string | undefined;
}

const EMPTY_MESSAGE =
  'This file has no text in it. Check that you picked the right file, or open it and save it again, then import it once more.';

/** Tidies a reader's text and fills in the title; throws ImportError 'empty' when no text is left. */
export function makeDocument(
  parts: DocumentParts,
  fileName: string,
  emptyMessage = EMPTY_MESSAGE,
): ImportedDocument {
  const text = tidyText(parts.text);
  if (text === '') throw new ImportError('empty', emptyMessage);
  const title = cleanLine(parts.title) || titleFromFileName(fileName);
  const author = cleanLine(parts.author);
  return { text, title, format: parts.format, ...(author ? { author } : {}) };
}

/** "my_first-novel.final.docx" -> "my first novel.final". */
export function titleFromFileName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const stem =
    base.includes('.') && !base.startsWith('.') ? base.slice(0, base.lastIndexOf('.')) : base;
  return stem.replace(/[_-]+/g, ' ').replace(/\s+/g, ' ').trim() || 'Untitled';
}

// Paragraphs separated by exactly one blank line, no trailing spaces, no CR. Each step is a
// native pass over the text: splitting it into lines allocated a string per line.
/**
 * What tidying does inside any piece of a text cut between two characters it keeps: line ends
 * made `\n`, blank space before a line end dropped, runs of blank lines made one. `tidyText(t)`
 * is `tidyLines(t).trim()` (a test checks); a kept file's parts are read through this
 * (store/text-file.ts), so the two change together or not at all.
 */
export function tidyLines(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[^\S\n]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n');
}

function tidyText(text: string): string {
  const lf = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  // Most texts need neither step: no copy of them then.
  if (!hasTrailingSpace(lf) && !lf.includes('\n\n\n')) return lf.trim();
  return stripAndCollapse(lf).trim();
}

const isSpace = (code: number): boolean =>
  code === 0x20 ||
  code === 0x09 ||
  ((code <= 0x0d || code >= 0xa0) && /\s/.test(String.fromCharCode(code)));

/** A space other than a line feed at the end of a line or of the text. */
export function hasTrailingSpace(text: string): boolean {
  // The character before each line feed, found by the native search: 4-8 times quicker than
  // one regex (/[^\S\n]\n|[^\S\n]$/ scanned some 130 MB/s, a tenth of an import's time).
  for (
    let newline = text.indexOf('\n');
    newline !== -1;
    newline = text.indexOf('\n', newline + 1)
  ) {
    const code = text.charCodeAt(newline - 1);
    if (code !== 0x0a && isSpace(code)) return true;
  }
  const last = text.charCodeAt(text.length - 1);
  return last !== 0x0a && isSpace(last);
}

// Trailing spaces dropped and runs of blank lines made one, in one copy of the text: on a
// 2-core machine's import each full copy of a book's text costs about 9 ms a MB (fresh memory),
// and stripping then collapsing made two. A scan from each line end backwards: a regex for
// trailing spaces either backtracks quadratically on a long run of spaces inside a line or, with
// a lookbehind, is slow everywhere. What stands before the first line with text and after the
// last is left for the caller's trim.
function stripAndCollapse(text: string): string {
  const pieces: string[] = [];
  let copyFrom = 0;
  // The end of the last line with text, without its trailing spaces (-1 before any), and the
  // line feeds since: between two lines with text, at most two of them are kept.
  let contentEnd = -1;
  let newlines = 0;
  for (let lineStart = 0; lineStart <= text.length;) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    let end = lineEnd;
    while (end > lineStart && isSpace(text.charCodeAt(end - 1))) end--;
    if (end > lineStart) {
      const kept = Math.min(newlines, 2);
      // The gap holds `newlines` line feeds and any spaces: kept as it is when it is just them.
      if (contentEnd >= 0 && lineStart - contentEnd !== kept) {
        pieces.push(text.slice(copyFrom, contentEnd), kept === 2 ? '\n\n' : '\n');
        copyFrom = lineStart;
      }
      contentEnd = end;
      newlines = 0;
    }
    if (newline === -1) break;
    newlines++;
    lineStart = lineEnd + 1;
  }
  if (contentEnd < 0) return '';
  pieces.push(text.slice(copyFrom, contentEnd));
  return pieces.join('');
}

function cleanLine(value: string | undefined): string {
  return (value ?? '').replace(/\s+/g, ' ').trim();
}
