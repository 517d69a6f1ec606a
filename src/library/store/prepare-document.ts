// The CPU work of adding a document, done before any transaction (in an import worker, often):
// check the input, index the text, cut it into pieces.
import { PassageIndex } from '../../core/index';
import type { FilePartsRecord } from './database';
import type { LibraryDocument, NewDocument } from './documents';
import { LibraryStoreError } from './errors';
import type { StoredFile } from './kept-file';
import { filePartsOf } from './text-file';
import { utf8Length } from './utf8-length';

/** A document indexed and ready to be written; plain data, so a worker can hold it. */
export interface PreparedDocument {
  doc: LibraryDocument;
  chunks: string[];
  /** PassageIndex.serializeDocument of the document: its index record. */
  index: ArrayBuffer;
  /** Written instead of `chunks` when present (kept-file.ts). */
  sourceFile?: StoredFile;
  /** Where its parts lie in `sourceFile`, when they can be read from it (text-file.ts). */
  fileParts?: FilePartsRecord;
}

/**
 * Text is stored in pieces of at most this many UTF-16 code units. Chromium writes a value of
 * over 64 KiB to a file of its own, once; smaller ones go through its LevelDB log and are
 * rewritten by each compaction. Libraries written with smaller pieces read the same.
 */
export const CHUNK_CHARS = 1 << 20;

function splitChunks(text: string): string[] {
  const chunks: string[] = [];
  for (let at = 0; at < text.length;) {
    let end = Math.min(at + CHUNK_CHARS, text.length);
    // Keep a surrogate pair in one chunk, so each chunk is a well-formed string on its own.
    if (end < text.length && (text.charCodeAt(end - 1) & 0xfc00) === 0xd800) end--;
    chunks.push(text.slice(at, end));
    at = end;
  }
  return chunks;
}

let lastIdTime = 0;
let idSequence = 0;

// Time-ordered ids, so documents added in the same millisecond still list in the order added.
export function newDocumentId(): string {
  const time = Date.now();
  idSequence = time === lastIdTime ? idSequence + 1 : 0;
  lastIdTime = time;
  return `${time.toString(36).padStart(9, '0')}-${idSequence.toString(36).padStart(4, '0')}-${crypto.randomUUID().slice(0, 8)}`;
}

export function cleanTags(tags: readonly string[] | undefined): string[] {
  return [...new Set((tags ?? []).map((t) => t.trim()).filter((t) => t.length > 0))];
}

/** Indexes a new document; LibraryStoreError 'bad-input' when it cannot be stored. */
export function prepareDocument(input: NewDocument, now = Date.now()): PreparedDocument {
  if (typeof input.text !== 'string' || input.text.trim() === '')
    throw new LibraryStoreError('bad-input', 'The text is empty.');
  if (typeof input.title !== 'string')
    throw new LibraryStoreError('bad-input', 'The document needs a title.');
  const id = input.id ?? newDocumentId();
  const scratch = new PassageIndex();
  const indexed = scratch.addDocument(id, input.text);
  if (indexed.words === 0)
    throw new LibraryStoreError('bad-input', 'The text has no words to protect.');
  const { sourceFile } = input;
  const fileParts =
    sourceFile?.decoded !== undefined && sourceFile.reader === 'txt'
      ? filePartsOf(sourceFile.blob.size, sourceFile.decoded, input.text, {
          checkpoints: scratch.checkpointsOf(id) ?? new Uint32Array(),
          contentHash: indexed.contentHash,
        })
      : undefined;
  const doc: LibraryDocument = {
    id,
    title: input.title.trim() || input.fileName || 'Untitled',
    ...(input.author?.trim() && { author: input.author.trim() }),
    tags: cleanTags(input.tags),
    ...(input.fileName && { fileName: input.fileName }),
    format: input.format,
    chars: input.text.length,
    bytes: input.sourceFile ? input.sourceFile.blob.size : utf8Length(input.text),
    words: indexed.words,
    addedAt: input.addedAt ?? now,
    contentHash: indexed.contentHash,
    status: 'active',
  };
  return {
    doc,
    chunks: splitChunks(input.text),
    index: scratch.serializeDocument(id),
    ...(input.sourceFile && {
      sourceFile: { blob: input.sourceFile.blob, reader: input.sourceFile.reader },
    }),
    ...(fileParts && { fileParts }),
  };
}
