import { describe, expect, it } from 'vitest';
import { fileOffsetBreaks, toFileRange } from '../../../../src/cli/catalogue/file-offsets';
import { decodeText } from '../../../../src/library/import/decode-text';
import { fileOffsetMap } from '../../../../src/library/import/file-offsets';
import { frontMatterLength } from '../../../../src/library/import/markdown';
import { importFile } from '../../../../src/library/import/index';

const FILES: [string, string][] = [
  [
    'crlf.txt',
    'The first line  \r\nof a book\r\n\r\n\r\n\r\nwith   blank lines\r\nand trailing  \r\n',
  ],
  ['bom.txt', '\ufeffA text with a BOM\n\n\n\nand more\rlone CR\n   indented\n'],
  ['front.md', '---\ntitle: T\nauthor: A\n---\n\n# Head  \r\n\r\nBody text\r\n\r\n\r\nend  \n'],
  ['plain.txt', 'nothing to tidy here'],
];

describe('the stored offset map of a plain-text file', () => {
  it.each(FILES)(
    '%s: maps every tidied offset as the reader’s own map does',
    async (name, text) => {
      const bytes = new TextEncoder().encode(text);
      const { text: tidied } = await importFile({ name, bytes });
      const decoded = decodeText(bytes);
      const bom = text.startsWith('\ufeff') ? 1 : 0;
      const map = fileOffsetMap(
        decoded,
        tidied,
        name.endsWith('.md') ? frontMatterLength(decoded) : 0,
        bom,
      );
      const breaks = fileOffsetBreaks(name, bytes, tidied);
      for (let i = 0; i < tidied.length; i++)
        expect(toFileRange(breaks, i, i + 1)).toEqual([map.toFile(i), map.toFileEnd(i + 1)]);
      expect(toFileRange(breaks, tidied.length, tidied.length)[0]).toBe(map.toFile(tidied.length));
    },
  );
});
