// The `recital` command-line scanner: batch audits of chat replies against a library of texts.
import { PassageIndex } from '../core/index';
import { refuseAudit, runAudit } from './audit-command';
import { runCatalogueCommand } from './catalogue/catalogue-command';
import { scanCatalogue } from './catalogue/scan-catalogue';
import { runServeCommand } from './serve/serve-command';
import { LibraryTexts } from './library-texts';
import {
  isAudit,
  parseArgs,
  USAGE,
  UsageError,
  type AnyArgs,
  type Args,
  type AuditArgs,
} from './parse-args';
import { FileError, readLibraryDocument } from './read-text-file';
import { SavedIndexError } from './saved-index/index-file';
import { runIndexCommand } from './saved-index/index-command';
import { loadSavedIndex } from './saved-index/load-saved-index';
import { listLibraries } from './saved-index/read-library';
import { scanReplies } from './scan-replies';
import type { StandardOutput } from './standard-output';

const MB = 1024 * 1024;

// Memory for library texts kept between replies; the rest are read again when a match needs them.
const cacheMb = Number(process.env.RECITAL_TEXT_CACHE_MB || 512);
const cacheBudget = (Number.isFinite(cacheMb) && cacheMb >= 0 ? cacheMb : 512) * MB;

function warn(message: string): void {
  process.stderr.write(`recital: ${message}\n`);
}

function progress(message: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${message}`);
}

interface Library {
  index: PassageIndex;
  texts: LibraryTexts;
  failed: number;
  /** UTF-16 code units of text indexed. */
  characters: number;
  /** Closes a saved index, whose postings are read while replies are scanned. */
  close?: () => void;
}

async function buildLibrary(args: Args, onLost: () => void): Promise<Library> {
  const index = new PassageIndex();
  const texts = new LibraryTexts(cacheBudget, (message) => {
    warn(message);
    onLost();
  });
  const { files, failed: unlisted } = listLibraries(args.libraries, { warn, progress });
  if (args.index) {
    const saved = await loadSavedIndex(args.index, files, texts, { warn, progress });
    return {
      index: saved.index,
      texts,
      failed: unlisted + saved.read.failed,
      characters: texts.characters,
      close: saved.close,
    };
  }
  const names = new Set<string>();
  let failed = unlisted;
  let done = 0;
  let chars = 0;
  const started = Date.now();
  for (const { name, file } of files) {
    let unique = name;
    for (let n = 2; names.has(unique); n++) unique = `${name} (${n})`;
    try {
      const read = await readLibraryDocument(file);
      index.addDocument(unique, read.text);
      names.add(unique);
      texts.add(unique, file, read);
      chars += read.text.length;
    } catch (e) {
      if (!(e instanceof FileError)) throw e;
      failed++;
      warn(`skipped library file ${e.message}`);
    }
    done++;
    if (done % 10 === 0 || done === files.length) {
      const secs = Math.max((Date.now() - started) / 1000, 0.001);
      progress(
        `indexing library: ${done}/${files.length} files, ${(chars / 1e6).toFixed(0)} MB, ${(chars / 1e6 / secs).toFixed(0)} MB/s`,
      );
    }
  }
  progress('');
  if (index.size === 0)
    warn(
      'the library has no readable .txt, .md, .html, .epub, .pdf or .docx files; nothing can match',
    );
  return { index, texts, failed, characters: chars };
}

async function scan(args: Args | AuditArgs): Promise<number> {
  // Before the library is read, which can take minutes: an audit that cannot write its report.
  const refusal = isAudit(args) ? refuseAudit(args) : undefined;
  if (refusal) {
    warn(refusal);
    return 1;
  }
  let status = 0;
  const fail = (): void => {
    status = 1;
  };
  let library: Library;
  try {
    library = await buildLibrary(args, fail);
  } catch (e) {
    if (!(e instanceof FileError || e instanceof SavedIndexError)) throw e;
    warn(e.message);
    return 1;
  }
  if (library.failed > 0) fail();
  if (isAudit(args)) {
    await runAudit(args, library, { warn, fail });
    library.close?.();
    return status;
  }
  let output: StandardOutput;
  try {
    output = await scanReplies(args, library.index, library.texts, { warn, fail, progress });
  } catch (e) {
    // A saved index's postings block that fails its check when a reply first needs it: the lines
    // written so far stand (each was checked), the scan stops.
    if (!(e instanceof SavedIndexError)) throw e;
    warn(e.message);
    return 1;
  } finally {
    library.close?.();
  }
  if (output.failure) {
    warn(`cannot write the results (${output.failure.code ?? output.failure.message})`);
    return 1;
  }
  return status;
}

/** Runs the command line `argv` (without node and the script) and resolves to the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  let args: AnyArgs | 'help';
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    warn(`${e.message} (see recital --help)`);
    return 2;
  }
  if (args === 'help') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if ('command' in args && args.command === 'index')
    return runIndexCommand(args, { warn, progress });
  if ('command' in args && args.command === 'catalogue')
    return runCatalogueCommand(args, { warn, progress, out: (text) => process.stdout.write(text) });
  if ('command' in args && args.command === 'serve') return runServeCommand(args, { warn });
  if (!isAudit(args) && args.redis) return scanCatalogue(args, { warn, progress });
  return scan(args);
}

process.exitCode = await main(process.argv.slice(2));
