import { decodeText } from './decode-text';
import { makeDocument } from './make-document';
import { sniffFormat, wrongFormatError } from './sniff-format';
import type { ImportedDocument, ImportSource } from './types';

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** Keeps the markdown as written (the matcher ignores its markers); reads YAML front matter. */
/** Characters of the front matter a Markdown text starts with (0 without one). */
export function frontMatterLength(text: string): number {
  return FRONT_MATTER.exec(text)?.[0].length ?? 0;
}

export function importMarkdown(source: ImportSource): ImportedDocument {
  const sniffed = sniffFormat(source.bytes);
  if (sniffed) throw wrongFormatError('a Markdown file', sniffed);
  let text = decodeText(source.bytes);
  const frontMatter = FRONT_MATTER.exec(text);
  let title: string | undefined;
  let author: string | undefined;
  if (frontMatter) {
    title = frontMatterValue(frontMatter[1] ?? '', 'title');
    author = frontMatterValue(frontMatter[1] ?? '', 'author');
    text = text.slice(frontMatter[0].length);
  }
  title ??= firstHeading(text);
  return makeDocument({ text, title, author, format: 'md' }, source.name);
}

// Line starts, then a scan of one line: /^#[ \t]+(.+?)[ \t#]*$/m, which this replaces, retried
// its lazy group at every character of a long line of spaces (a 250 KB line took 80 s).
const HEADING_START = /^#[ \t]/gm;
const LINE_REST = /[^\n\r\u2028\u2029]*/y;

/** The first ATX level-1 heading's text, without its closing #s, as the old regex found it. */
function firstHeading(text: string): string | undefined {
  HEADING_START.lastIndex = 0;
  for (let start = HEADING_START.exec(text); start; start = HEADING_START.exec(text)) {
    LINE_REST.lastIndex = start.index + 1;
    const line = LINE_REST.exec(text)?.[0] ?? '';
    HEADING_START.lastIndex = start.index + 1 + line.length;
    // One space or tab and nothing else is not a heading; two blanks are a heading of blanks.
    if (line.length < 2) continue;
    let from = 1;
    while (from < line.length && isBlank(line.charCodeAt(from))) from++;
    if (from === line.length) return line.slice(-1);
    let to = line.length;
    while (to > from + 1 && isClosing(line.charCodeAt(to - 1))) to--;
    return line.slice(from, to);
  }
  return undefined;
}

const isBlank = (code: number): boolean => code === 0x20 || code === 0x09;
const isClosing = (code: number): boolean => isBlank(code) || code === 0x23;

function frontMatterValue(yaml: string, key: string): string | undefined {
  const value = new RegExp(`^${key}:[ \\t]*(.+)$`, 'mi').exec(yaml)?.[1]?.trim();
  return value?.replace(/^(["'])(.*)\1$/, '$2') || undefined;
}
