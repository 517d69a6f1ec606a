// `scan --index FILE`: the saved index, brought up to date with the library as it is now.
import { IndexFormatError, PassageIndex } from '../../core/index';
import type { LibraryTexts } from '../library-texts';
import type { LibraryFile } from '../list-library';
import { openIndexFile, SavedIndexError, type SavedDocument } from './index-file';
import { readLibrary, type LibraryRead, type LibraryReporter } from './read-library';

/**
 * Loads the index saved in `file` and patches it with the library `files` as they are now: an
 * unchanged file is used as saved (its text read only when a match needs it), a new, changed or
 * vanished one is read again or dropped, with a note on stderr. Matches are those of a fresh
 * index of `files`. Throws SavedIndexError when the file cannot be used, before reading anything.
 * The table's postings stay on disk and are read as lookups need them, so the file is kept open
 * until `close`, and a lookup that meets a damaged block throws SavedIndexError.
 */
export async function loadSavedIndex(
  file: string,
  files: readonly LibraryFile[],
  texts: LibraryTexts,
  reporter: LibraryReporter,
): Promise<{ index: PassageIndex; read: LibraryRead; close: () => void }> {
  const opened = openIndexFile(file);
  let index: PassageIndex;
  const saved = new Map<string, SavedDocument>();
  try {
    for (const d of opened.header.documents) saved.set(d.name, d);
    const table = opened.openTable();
    // A library without a word to index (or none at all) saves no table.
    index = table
      ? PassageIndex.fromTable(table.head, {}, table.loader, table.startsLoader)
      : new PassageIndex();
    const ids = index.documents().map((d) => d.id);
    if (
      saved.size !== opened.header.documents.length ||
      (table && ids.length !== saved.size) ||
      !ids.every((id) => saved.has(id))
    )
      throw new IndexFormatError('the header and the table list different documents');
  } catch (error) {
    opened.close();
    if (!(error instanceof IndexFormatError || error instanceof RangeError)) throw error;
    throw new SavedIndexError(
      `${file}: is damaged (${error.message}); make it again with recital index --library PATH --out ${file}`,
    );
  }
  const read = await readLibrary(files, { index, texts, saved }, reporter);
  if (read.stale > 0)
    reporter.warn(
      `${read.stale} library file${read.stale === 1 ? '' : 's'} differed from the index ${file}; run recital index again to save them`,
    );
  return { index, read, close: opened.close };
}
