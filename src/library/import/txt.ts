import { decodeText } from './decode-text';
import { readGutenbergHeader } from './gutenberg-header';
import { makeDocument } from './make-document';
import { sniffFormat, wrongFormatError } from './sniff-format';
import type { ImportedDocument, ImportSource } from './types';

/** The text as written; title and author from a Project Gutenberg header when it has one. */
export function importTxt(source: ImportSource): ImportedDocument {
  const sniffed = sniffFormat(source.bytes);
  if (sniffed) throw wrongFormatError('a text file', sniffed);
  const text = decodeText(source.bytes);
  return {
    ...makeDocument({ text, ...readGutenbergHeader(text), format: 'txt' }, source.name),
    decoded: text,
  };
}
