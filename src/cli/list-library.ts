import fs from 'node:fs';
import path from 'node:path';
import { hasReaderFor } from '../library/import/index';
import { FileError, whyNotRegular } from './read-text-file';

export interface LibraryFile {
  /** The document's name: its path relative to the --library argument, with / separators. */
  name: string;
  file: string;
}

export interface LibraryListing {
  files: LibraryFile[];
  /** Library files that cannot be read: each costs the run its clean exit status. */
  problems: string[];
  /** Links not followed because their folder is read anyway (no text is lost). */
  notes: string[];
}

const byName = (a: fs.Dirent, b: fs.Dirent): number =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

/**
 * The library files of a --library argument: the file itself (read whatever its name), or a
 * folder's files of the formats the extension imports (.txt .md .html .epub .pdf .docx and their
 * variants), found recursively, following symbolic links. A folder reached again (a link loop, or two links to
 * one folder) is read once. Throws FileError when the argument itself cannot be read.
 */
export function listLibrary(arg: string): LibraryListing {
  const listing: LibraryListing = { files: [], problems: [], notes: [] };
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(arg, { throwIfNoEntry: false });
  } catch (error) {
    throw new FileError(
      `library ${arg}: cannot be read (${(error as NodeJS.ErrnoException).code})`,
    );
  }
  if (!stat) throw new FileError(`library ${arg}: no such file or folder`);
  if (stat.isFile()) {
    listing.files.push({ name: path.basename(arg), file: arg });
    return listing;
  }
  if (!stat.isDirectory()) throw new FileError(`library ${arg}: ${whyNotRegular(stat)}`);
  const seen = new Map<string, string>([[folderKey(stat), arg]]);
  const walk = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true }).sort(byName);
    } catch (error) {
      listing.problems.push(`${dir}: cannot be read (${(error as NodeJS.ErrnoException).code})`);
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const isLibraryFile = hasReaderFor(entry.name);
      const target = entry.isSymbolicLink() ? followLink(full, isLibraryFile, listing) : entry;
      if (!target) continue;
      if (target.isDirectory()) {
        // Every folder is keyed, linked or not: a link may reach a real folder read later.
        const stat = entry.isSymbolicLink()
          ? (target as fs.Stats)
          : followLink(full, false, listing);
        if (!stat) continue;
        const key = folderKey(stat);
        const first = seen.get(key);
        if (first !== undefined) {
          listing.notes.push(`${full}: is the folder ${first}, read already; not read again`);
          continue;
        }
        seen.set(key, full);
        walk(full);
      } else if (isLibraryFile && target.isFile()) {
        const name = path.relative(arg, full).split(path.sep).join('/');
        listing.files.push({ name, file: full });
      } else if (isLibraryFile) {
        listing.problems.push(`${full}: ${whyNotRegular(target as fs.Stats)}`);
      }
    }
  };
  walk(arg);
  return listing;
}

// A broken link matters only where it was meant to be a library file.
function followLink(
  link: string,
  isLibraryFile: boolean,
  listing: LibraryListing,
): fs.Stats | undefined {
  try {
    return fs.statSync(link);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ELOOP' ? 'a symbolic-link loop' : `a broken symbolic link (${code})`;
    if (isLibraryFile) listing.problems.push(`${link}: ${why}`);
    else if (code === 'ELOOP') listing.notes.push(`${link}: ${why}; not followed`);
    return undefined;
  }
}

function folderKey(stat: fs.Stats): string {
  return `${stat.dev}:${stat.ino}`;
}
