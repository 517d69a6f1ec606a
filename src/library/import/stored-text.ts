// The text of a plain-text file the library keeps as the file itself (library-store.ts stores a
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

export function isStoredTextReader(format: string): format is StoredTextReader {
  return format === 'txt' || format === 'md';
}

/** The text `reader` made of `bytes`; throws ImportError when the bytes are not readable text. */
export function readStoredText(bytes: Uint8Array, reader: StoredTextReader): string {
  return (reader === 'md' ? importMarkdown : importTxt)({ name: '', type: '', bytes }).text;
}
