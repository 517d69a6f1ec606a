// Texts an earlier version stored as the picked .txt/.md file itself: read back with the reader
// that made the indexed text, and checked against its length. New documents are stored as text.
import { readStoredText, STORED_TEXT_READER_VERSION } from '../import/stored-text';
import type { StoredTextReader } from '../import/stored-text';
import { LibraryStoreError } from './errors';

/** The file itself, read back by `reader` (import/stored-text.ts); `chars` checks the result. */
export interface KeptFileRecord {
  docId: string;
  n: 0;
  file: Blob;
  reader: StoredTextReader;
  readerVersion: number;
  chars: number;
}

const DAMAGED_FILE_MESSAGE =
  'Recital’s stored copy of this document can no longer be read. Delete the document and add its file again.';

export function isKeptFile(record: object): record is KeptFileRecord {
  return 'file' in record;
}

/** The text a kept file gives; LibraryStoreError 'storage' when it is not the indexed text. */
export async function textOfKeptFile(record: KeptFileRecord): Promise<string> {
  if (record.readerVersion !== STORED_TEXT_READER_VERSION)
    throw new LibraryStoreError(
      'storage',
      'This document was stored by a newer version of Recital; update Recital.',
    );
  let text: string;
  try {
    text = readStoredText(new Uint8Array(await record.file.arrayBuffer()), record.reader);
  } catch (error) {
    throw new LibraryStoreError('storage', DAMAGED_FILE_MESSAGE, { cause: error });
  }
  if (text.length !== record.chars) throw new LibraryStoreError('storage', DAMAGED_FILE_MESSAGE);
  return text;
}
