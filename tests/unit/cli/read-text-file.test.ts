import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeReply, readLibraryDocument } from '../../../src/cli/read-text-file';
import { importFile } from '../../../src/library/import/index';

const QUOTE = 'Orla Finch kept the last lantern workshop on the harbour road — “a narrow room”.';
const utf16 = (text: string, bigEndian: boolean): Buffer => {
  const le = Buffer.from(`\ufeff${text}`, 'utf16le');
  return bigEndian ? le.swap16() : le;
};

// Each case is a file a user might have: the CLI must read it to the text the extension indexes.
const CASES: ReadonlyArray<[string, string, Buffer]> = [
  ['plain UTF-8', 'plain.txt', Buffer.from(`${QUOTE}\n`)],
  ['UTF-8 with a BOM', 'bom.txt', Buffer.from(`\ufeff${QUOTE}\n`)],
  [
    'CRLF line ends and trailing spaces',
    'crlf.txt',
    Buffer.from(`Title  \r\n\r\n\r\n${QUOTE}\r\n`),
  ],
  ['Latin-1', 'latin1.txt', Buffer.from('Café au lait, naïve résumé.\n', 'latin1')],
  [
    'Windows-1252 curly quotes, dashes and euro',
    'cp1252.txt',
    Buffer.from([0x93, 0x41, 0x94, 0x20, 0x96, 0x20, 0x80, 0x35, 0x20, 0x92, 0x73, 0x0a]),
  ],
  ['UTF-16 LE with a BOM', 'le.txt', utf16(QUOTE, false)],
  ['UTF-16 BE with a BOM', 'be.txt', utf16(QUOTE, true)],
  ['markdown with front matter', 'front.md', Buffer.from(`---\ntitle: T\n---\n# ${QUOTE}\n`)],
];

let dir = '';
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recital-read-'));
  for (const [, name, bytes] of CASES) fs.writeFileSync(path.join(dir, name), bytes);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the CLI reads a library file to the text the extension imports', () => {
  it.each(CASES)('%s', async (_case, name, bytes) => {
    const cli = await readLibraryDocument(path.join(dir, name));
    const extension = await importFile({ name, bytes: new Uint8Array(bytes) });
    expect(cli.text).toBe(extension.text);
    expect(cli.title).toBe(extension.title);
    expect(cli.size).toBe(bytes.length);
  });

  it('decodes Windows-1252 bytes to the characters Windows shows, not C1 controls', async () => {
    expect((await readLibraryDocument(path.join(dir, 'cp1252.txt'))).text).toBe('“A” – €5 ’s');
  });
});

describe('the CLI decodes a reply with the extension decoder, untidied', () => {
  it.each([
    ['a BOM, which is dropped', Buffer.from(`\ufeffA reply\r\n`), 'A reply\r\n'],
    ['UTF-16 LE', utf16('A reply', false), 'A reply'],
    ['Windows-1252', Buffer.from([0x93, 0x68, 0x69, 0x94]), '“hi”'],
  ])('with %s', (_case, bytes, text) => {
    expect(decodeReply(new Uint8Array(bytes), 'reply.txt')).toBe(text);
  });

  it('names the file when it is binary', () => {
    expect(() => decodeReply(new Uint8Array([0, 1, 2, 0xff]), 'x.txt')).toThrow(
      'x.txt: looks like a binary file, not text',
    );
  });
});
