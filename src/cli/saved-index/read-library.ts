// Reads the listed library files into an index, keeping what a saved index already holds for a
// file that has not changed: one loop for `recital index` (nothing saved) and `scan --index`.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { PassageIndex } from '../../core/index';
import type { LibraryTexts } from '../library-texts';
import { listLibrary, type LibraryFile } from '../list-library';
import { FileError, readFileBytes, readLibraryDocument } from '../read-text-file';
import type { SavedDocument } from './index-file';

/** How library reading tells the command about problems and progress. */
export interface LibraryReporter {
  warn(message: string): void;
  progress(message: string): void;
}

/** The files of every --library argument, in order; throws FileError for an unreadable argument. */
export function listLibraries(
  libraries: readonly string[],
  reporter: LibraryReporter,
): { files: LibraryFile[]; failed: number } {
  const files: LibraryFile[] = [];
  let failed = 0;
  for (const arg of libraries) {
    const listing = listLibrary(arg);
    for (const note of listing.notes) reporter.warn(note);
    for (const problem of listing.problems) reporter.warn(`skipped library file ${problem}`);
    failed += listing.problems.length;
    files.push(...listing.files);
  }
  return { files, failed };
}

/** What reading the library did: the documents as they now are, in library order. */
export interface LibraryRead {
  documents: SavedDocument[];
  /** Library files that could not be read (each warned about). */
  failed: number;
  /** Documents of the saved index that were read again: new, changed, or gone. */
  stale: number;
}

/** Where {@link readLibrary} puts what it reads. */
export interface LibraryTarget {
  index: PassageIndex;
  texts: LibraryTexts;
  /** The saved index's documents by name; its entries are in `index` already. */
  saved?: ReadonlyMap<string, SavedDocument>;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Reads `files` in order into `target`, naming each document by its path in its library (a second
 * readable file of one name gets " (2)"), as a scan without a saved index does. A saved document
 * whose file has the same size and time is kept unread; one whose time alone changed is kept when
 * its bytes' hash is the same; any other is read and indexed again, and a saved document no longer
 * listed is dropped, each with a note.
 */
export async function readLibrary(
  files: readonly LibraryFile[],
  target: LibraryTarget,
  reporter: LibraryReporter,
): Promise<LibraryRead> {
  const { index, texts, saved } = target;
  const names = new Set<string>();
  const read: LibraryRead = { documents: [], failed: 0, stale: 0 };
  const note = (message: string): void => {
    read.stale++;
    reporter.warn(message);
  };
  let chars = 0;
  const started = Date.now();
  for (const [done, { name, file }] of files.entries()) {
    let unique = name;
    for (let n = 2; names.has(unique); n++) unique = `${name} (${n})`;
    const kept = saved?.get(unique);
    const unchanged = kept && keptAsSaved(kept, file);
    try {
      if (unchanged) {
        const { size, mtimeMs, textLength, title, author } = unchanged;
        const meta = {
          file,
          size,
          mtimeMs,
          length: textLength,
          title,
          author: author ?? undefined,
        };
        texts.addUnread(unique, meta);
        read.documents.push(unchanged);
      } else {
        const doc = await readLibraryDocument(file);
        if (kept) index.removeDocument(unique);
        index.addDocument(unique, doc.text);
        texts.add(unique, file, doc);
        const { size, mtimeMs, title } = doc;
        const reader = path.extname(file).slice(1).toLowerCase();
        const author = doc.author ?? null;
        const entry = { name: unique, size, mtimeMs, sha256: sha256(doc.bytes), title, author };
        read.documents.push({ ...entry, textLength: doc.text.length, reader });
        if (kept) note(`${file}: changed since the index was saved; indexed again`);
        else if (saved) note(`${file}: new since the index was saved; indexed`);
      }
      names.add(unique);
      chars += (read.documents.at(-1) as SavedDocument).textLength;
    } catch (e) {
      if (!(e instanceof FileError)) throw e;
      read.failed++;
      if (kept) index.removeDocument(unique);
      reporter.warn(`skipped library file ${e.message}`);
    }
    if ((done + 1) % 10 === 0 || done + 1 === files.length) {
      const secs = Math.max((Date.now() - started) / 1000, 0.001);
      reporter.progress(
        `reading library: ${done + 1}/${files.length} files, ${(chars / 1e6).toFixed(0)} MB, ${(chars / 1e6 / secs).toFixed(0)} MB/s`,
      );
    }
  }
  reporter.progress('');
  for (const [name] of saved ?? []) {
    if (names.has(name)) continue;
    index.removeDocument(name);
    note(`${name}: no longer in the library; its saved entries are dropped`);
  }
  return read;
}

/**
 * The saved document, with the file's current time, when the file holds the bytes it was saved
 * from: same size and time, or same size and hash. Undefined when it changed or cannot be read
 * (the caller reads it again, which reports why).
 */
function keptAsSaved(kept: SavedDocument, file: string): SavedDocument | undefined {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile() || stat.size !== kept.size) return undefined;
    if (stat.mtimeMs === kept.mtimeMs) return kept;
    const bytes = readFileBytes(file);
    return sha256(bytes.bytes) === kept.sha256 ? { ...kept, mtimeMs: bytes.mtimeMs } : undefined;
  } catch {
    return undefined;
  }
}
