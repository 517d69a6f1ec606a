// `recital index --library PATH... --out FILE`: reads the library as a scan does and saves its index.
import path from 'node:path';
import { PassageIndex } from '../../core/index';
import { LibraryTexts } from '../library-texts';
import { FileError } from '../read-text-file';
import { SavedIndexError, writeIndexFile, READERS_VERSION } from './index-file';
import { listLibraries, readLibrary, type LibraryReporter } from './read-library';

const MB = 1024 * 1024;

/** The library paths to read and the file to write. */
export interface IndexArgs {
  command: 'index';
  libraries: string[];
  out: string;
}

/**
 * Indexes the library and writes `args.out`; resolves to the exit status: 0, or 1 when a library
 * file could not be read (the others are saved) or the index cannot be written (nothing is).
 */
export async function runIndexCommand(args: IndexArgs, reporter: LibraryReporter): Promise<number> {
  const started = Date.now();
  const index = new PassageIndex();
  // Texts are not kept: the index holds none, and a scan reads them from the files.
  const texts = new LibraryTexts(0, () => {});
  let failed: number;
  try {
    const listed = listLibraries(args.libraries, reporter);
    const read = await readLibrary(listed.files, { index, texts }, reporter);
    failed = listed.failed + read.failed;
    const header = {
      created: new Date().toISOString(),
      readers: READERS_VERSION,
      libraries: args.libraries.map((l) => path.resolve(l)),
      documents: read.documents,
    };
    const table = index.size > 0 ? (index.exportTable('base') ?? []) : [];
    writeIndexFile(args.out, header, table);
    const chars = read.documents.reduce((n, d) => n + d.textLength, 0);
    const bytes = table.reduce((n, p) => n + p.byteLength, 0);
    const secs = (Date.now() - started) / 1000;
    reporter.warn(
      `indexed ${read.documents.length} documents (${(chars / 1e6).toFixed(1)} M characters) into ${args.out} (${(bytes / MB).toFixed(1)} MB) in ${secs.toFixed(1)} s`,
    );
  } catch (e) {
    if (!(e instanceof FileError || e instanceof SavedIndexError)) throw e;
    reporter.warn(e.message);
    return 1;
  }
  return failed > 0 ? 1 : 0;
}
