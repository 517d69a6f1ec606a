// A picked .txt/.md file of up to KEPT_FILE_MAX_BYTES is stored as the file, not its text, and
// read back with the reader that made the indexed text: this saves the import workers serializing
// every character, 3.8 s against 6.1 s of their CPU time for npm run bench:import's 83 MB.
import { readStoredText, STORED_TEXT_READER_VERSION } from '../import/stored-text';
import type { StoredTextReader } from '../import/stored-text';
import type { LibraryDocument } from './documents';
import { LibraryStoreError } from './errors';

/** A picked file and the reader that read it. */
export interface StoredFile {
  blob: Blob;
  reader: StoredTextReader;
  /**
   * The file's characters as decoded before tidying, when at hand: where the text's parts lie
   * in the file is found from them (text-file.ts).
   */
  decoded?: string;
}

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

/** The chunk record that stores `doc`'s text as its file. */
export function keptFileRecord(doc: LibraryDocument, file: StoredFile): KeptFileRecord {
  return {
    docId: doc.id,
    n: 0,
    file: file.blob,
    reader: file.reader,
    readerVersion: STORED_TEXT_READER_VERSION,
    chars: doc.chars,
  };
}

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
