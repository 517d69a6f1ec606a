import { decodeText } from './decode-text';
import { makeDocument } from './make-document';
import { sniffFormat, wrongFormatError } from './sniff-format';
import type { ImportedDocument, ImportSource } from './types';

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** Keeps the markdown as written (the matcher ignores its markers); reads YAML front matter. */
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
  title ??= /^#[ \t]+(.+?)[ \t#]*$/m.exec(text)?.[1];
  return makeDocument({ text, title, author, format: 'md' }, source.name);
}

function frontMatterValue(yaml: string, key: string): string | undefined {
  const value = new RegExp(`^${key}:[ \\t]*(.+)$`, 'mi').exec(yaml)?.[1]?.trim();
  return value?.replace(/^(["'])(.*)\1$/, '$2') || undefined;
}
