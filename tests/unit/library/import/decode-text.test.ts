import { describe, expect, it } from 'vitest';
import { decodeText } from '../../../../src/library/import/decode-text';
import { ImportError } from '../../../../src/library/import/types';
import { readFixture } from './read-fixture';

const QUOTE = '“Café glass,” Mirela said, “remembers every breath.”';

describe('decodeText', () => {
  it.each([
    ['UTF-8 without a BOM', 'sample-utf8.txt'],
    ['UTF-8 with a BOM, dropping the BOM', 'sample-utf8-bom.txt'],
    ['UTF-16 little-endian with a BOM', 'sample-utf16le.txt'],
    ['UTF-16 big-endian with a BOM', 'sample-utf16be.txt'],
  ])('reads %s', (_label, file) => {
    const text = decodeText(readFixture(file).bytes);
    expect(text.startsWith('The Glassblower’s Almanac')).toBe(true);
    expect(text).toContain(QUOTE);
  });

  it('falls back to Windows-1252 when the bytes are not valid UTF-8, keeping curly quotes, dashes and é', () => {
    expect(decodeText(readFixture('sample-windows-1252.txt').bytes)).toContain(
      'The “Café Ardoise” opened at six — it’s where Mirela drank her first coffee.',
    );
  });

  it.each([
    [
      'a NUL byte in otherwise plain text',
      new TextEncoder().encode(`${'plain words '.repeat(20)}\0tail`),
      'binary',
    ],
    [
      'mostly control characters',
      new Uint8Array(Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? 0x41 : 0x01))),
      'binary',
    ],
    ['a picture renamed .txt', readFixture('binary-renamed.txt').bytes, 'binary'],
    ['UTF-16 without a BOM', readFixture('sample-utf16le-no-bom.txt').bytes, 'encoding'],
    ['UTF-32 with a BOM', readFixture('sample-utf32le.txt').bytes, 'encoding'],
  ])('rejects %s', (_label, bytes, code) => {
    expect(() => decodeText(bytes)).toThrow(ImportError);
    expect(() => decodeText(bytes)).toThrow(expect.objectContaining({ code }));
  });

  it.each([
    ['tabs, form feeds and CRLF line ends', 'one\ttwo\f\r\nthree'],
    ['a few stray control characters among many letters', `${'a'.repeat(200)}\u0007\u001b`],
    ['non-Latin scripts', 'Ἐν ἀρχῇ ἦν ὁ λόγος — 日本語のテキスト'],
  ])('accepts %s as text', (_label, text) => {
    expect(decodeText(new TextEncoder().encode(text))).toBe(text);
  });
});
