import { decodeText } from './decode-text';
import { makeDocument } from './make-document';
import { sniffFormat, wrongFormatError } from './sniff-format';
import type { ImportedDocument, ImportSource } from './types';

export function importTxt(source: ImportSource): ImportedDocument {
  const sniffed = sniffFormat(source.bytes);
  if (sniffed) throw wrongFormatError('a text file', sniffed);
  return makeDocument({ text: decodeText(source.bytes), format: 'txt' }, source.name);
}
