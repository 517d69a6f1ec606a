import { ImportError } from './types';

const SAMPLE_CHARS = 64 * 1024;
const MAX_CONTROL_SHARE = 0.1;

const BINARY_MESSAGE =
  'This file does not contain readable text: it looks like a picture, program or other binary file with a text-file name. Choose the original document (for example the .docx, .pdf or .epub) and import that instead.';

const ENCODING_MESSAGE =
  'This text file uses a character encoding Recital cannot read. Open it in a text editor, save it again as “UTF-8”, and import it again.';

/**
 * Decodes a text file: UTF-8 with or without BOM, UTF-16 with BOM, else `fallbackEncoding`
 * (an HTML page's declared charset) when the platform knows it, else Windows-1252.
 * Throws ImportError 'encoding' for UTF-32 or BOM-less UTF-16, 'binary' for non-text bytes.
 */
export function decodeText(bytes: Uint8Array, fallbackEncoding?: string): string {
  if (startsWith(bytes, [0xff, 0xfe, 0x00, 0x00]) || startsWith(bytes, [0x00, 0x00, 0xfe, 0xff])) {
    throw new ImportError('encoding', ENCODING_MESSAGE);
  }
  let text: string;
  if (startsWith(bytes, [0xff, 0xfe])) {
    text = new TextDecoder('utf-16le').decode(bytes);
  } else if (startsWith(bytes, [0xfe, 0xff])) {
    text = new TextDecoder('utf-16be').decode(bytes);
  } else {
    if (looksLikeUtf16WithoutBom(bytes)) throw new ImportError('encoding', ENCODING_MESSAGE);
    // Fail fast on a large binary file instead of decoding all of it first.
    if (bytes.subarray(0, SAMPLE_CHARS).includes(0))
      throw new ImportError('binary', BINARY_MESSAGE);
    try {
      // The BOM is skipped by default (ignoreBOM: false).
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = decodeLegacy(bytes, fallbackEncoding);
    }
  }
  if (looksBinary(text)) throw new ImportError('binary', BINARY_MESSAGE);
  return text;
}

// Node's TextDecoder decodes 'windows-1252' as Latin-1 (C1 controls for 0x80-0x9F), so map
// that range by hand; in browsers it is already right and the mapping changes nothing.
const WINDOWS_1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function decodeLegacy(bytes: Uint8Array, label: string | undefined): string {
  let decoder = new TextDecoder('windows-1252');
  try {
    if (label) decoder = new TextDecoder(label);
  } catch {
    // An unknown charset label: Windows-1252 is the web's default for legacy pages.
  }
  const text = decoder.decode(bytes);
  if (decoder.encoding !== 'windows-1252') return text;
  return text.replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80] ?? c);
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

// Latin text in UTF-16 has a NUL in every other byte; binary files have NULs everywhere.
function looksLikeUtf16WithoutBom(bytes: Uint8Array): boolean {
  const length = Math.min(bytes.length, SAMPLE_CHARS) & ~1;
  if (length < 16) return false;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < length; i += 2) {
    if (bytes[i] === 0) evenNuls++;
    if (bytes[i + 1] === 0) oddNuls++;
  }
  const pairs = length / 2;
  const [many, few] = evenNuls > oddNuls ? [evenNuls, oddNuls] : [oddNuls, evenNuls];
  return many > pairs * 0.4 && few < pairs * 0.05;
}

// Control characters other than tab, line feed, form feed and carriage return; U+FFFD marks
// bytes a decoder could not read. Matching control characters is the point here.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0001-\u0008\u000b\u000e-\u001f\ufffd]/g;

function looksBinary(text: string): boolean {
  const sample = text.slice(0, SAMPLE_CHARS);
  if (sample.includes('\u0000')) return true;
  const controls = sample.match(CONTROL)?.length ?? 0;
  return sample.length > 0 && controls / sample.length > MAX_CONTROL_SHARE;
}
