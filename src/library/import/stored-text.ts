// The text of a plain-text file the library keeps as the file itself (library/store/kept-file.ts stores a
// picked .txt or .md file, which costs the browser a file copy, instead of its text, which costs
// serializing every character and sending it to the browser). Read back with the reader that
// imported it, it gives the indexed text exactly.
import { importMarkdown } from './markdown';
import { importTxt } from './txt';

/** The readers whose output a stored file is read back with: the `format` they give. */
export type StoredTextReader = 'txt' | 'md';

/**
 * Version of the readers' output that stored files rely on: a change to what importTxt or
 * importMarkdown make of the same bytes must keep this version's reading for files stored with
 * it (or first rewrite those documents as text), or their match offsets would point elsewhere.
 */
export const STORED_TEXT_READER_VERSION = 1;

/**
 * Larger files are stored as text: a kept file is decoded and tidied again whenever its text is
 * read (a service worker's first scan that matches it, for one), about 16 ms per MB in Chromium,
 * and a 200 MB file took 3.3 s to read back where a book of a few MB takes tens of milliseconds.
 */
export const KEPT_FILE_MAX_BYTES = 4 * 1024 * 1024;

export function isStoredTextReader(format: string): format is StoredTextReader {
  return format === 'txt' || format === 'md';
}

/** The text `reader` made of `bytes`; throws ImportError when the bytes are not readable text. */
export function readStoredText(bytes: Uint8Array, reader: StoredTextReader): string {
  return (reader === 'md' ? importMarkdown : importTxt)({ name: '', type: '', bytes }).text;
}
