import { importDocx } from './docx';
import { importEpub } from './epub';
import { importHtml } from './html';
import { MAX_IMPORT_BYTES } from './limits';
import { makeDocument } from './make-document';
import { importMarkdown } from './markdown';
import { importPdf } from './pdf';
import { isEpubPackage, sniffFormat } from './sniff-format';
import { importTxt } from './txt';
import { ImportError, type ImportedDocument, type ImportSource } from './types';

export { ImportError, type ImportedDocument, type ImportSource } from './types';

export { MAX_IMPORT_BYTES } from './limits';

type Reader = (source: ImportSource) => ImportedDocument | Promise<ImportedDocument>;

const READERS: Readonly<Record<string, Reader>> = {
  txt: importTxt,
  text: importTxt,
  md: importMarkdown,
  markdown: importMarkdown,
  html: importHtml,
  htm: importHtml,
  xhtml: importHtml,
  epub: importEpub,
  pdf: importPdf,
  docx: importDocx,
};

/**
 * The bytes of a picked or dropped file; ImportError 'unreadable' when the browser cannot read
 * it (moved, deleted or locked since it was picked).
 */
export async function readFileBytes(file: Blob): Promise<Uint8Array> {
  try {
    return new Uint8Array(await file.arrayBuffer());
  } catch (error) {
    throw unreadableFileError(error);
  }
}

/** What the user is told when reading a file's bytes failed with `cause`. */
export function unreadableFileError(cause: unknown): ImportError {
  const reason = cause instanceof Error && cause.message ? ` (${cause.message})` : '';
  const error = new ImportError(
    'unreadable',
    `This file could not be read${reason}. Check that it is still on your disk and not open in another program, then add it again.`,
  );
  error.cause = cause;
  return error;
}

/** Whether a file name has a reader (.txt .md .html .epub .pdf .docx and their variants). */
export function hasReaderFor(name: string): boolean {
  return Object.hasOwn(READERS, extensionOf(name));
}

function extensionOf(name: string): string {
  return /\.([^./\\]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
}

const UNSUPPORTED = new Set(['doc', 'odt', 'rtf', 'pages', 'mobi', 'azw', 'azw3', 'kfx', 'djvu']);

const TOO_LARGE_MESSAGE =
  'This file is larger than 256 MB, more than Recital can hold. Split it into smaller files (for example one per book or part) and import them one at a time.';
const EMPTY_MESSAGE =
  'This file is empty (0 bytes). Check that you picked the right file, then import it again.';
const UNREADABLE_MESSAGE =
  'Recital could not read this file. Open it, save a fresh copy (or export it as PDF or plain text), and import that copy.';
const PASTE_EMPTY_MESSAGE =
  'There is no text to add. Paste the passage you want to protect, then try again.';

/** Reads a user's file into plain text and metadata; every failure is an ImportError. */
export async function importFile(source: ImportSource): Promise<ImportedDocument> {
  const size = source.bytes.byteLength;
  if (size > MAX_IMPORT_BYTES) throw new ImportError('too-large', TOO_LARGE_MESSAGE);
  if (size === 0) throw new ImportError('empty', EMPTY_MESSAGE);
  const extension = extensionOf(source.name);
  if (UNSUPPORTED.has(extension)) {
    throw new ImportError(
      'unsupported',
      `Recital cannot read .${extension} files. Open the file and save it as a Word Document (.docx), EPUB, PDF or plain text, then import that file.`,
    );
  }
  const reader = READERS[extension] ?? readerFromContent(source);
  try {
    return await reader(source);
  } catch (error) {
    if (error instanceof ImportError) throw error;
    // A reader bug or a parser crash still reaches the user as a sentence, with the cause kept.
    const wrapped = new ImportError('corrupt', UNREADABLE_MESSAGE);
    wrapped.cause = error;
    throw wrapped;
  }
}

/** A passage pasted by the user; the title defaults to its first line. */
export function importPastedText(text: string, title?: string): ImportedDocument {
  if (text.length > MAX_IMPORT_BYTES) throw new ImportError('too-large', TOO_LARGE_MESSAGE);
  const firstLine = text.trim().split('\n')[0] ?? '';
  return makeDocument(
    { text, title: title?.trim() || shorten(firstLine, 60), format: 'txt' },
    'Pasted text',
    PASTE_EMPTY_MESSAGE,
  );
}

// No known extension: trust the bytes, then the browser's MIME type.
function readerFromContent(source: ImportSource): Reader {
  switch (sniffFormat(source.bytes)) {
    case 'pdf':
      return importPdf;
    case 'zip':
      return isEpubPackage(source.bytes) ? importEpub : importDocx;
    case 'ole':
      return importDocx;
    default: {
      const head = new TextDecoder()
        .decode(source.bytes.subarray(0, 512))
        .trimStart()
        .toLowerCase();
      if (
        source.type === 'text/html' ||
        head.startsWith('<!doctype html') ||
        head.startsWith('<html')
      )
        return importHtml;
      return source.type === 'text/markdown' ? importMarkdown : importTxt;
    }
  }
}

function shorten(line: string, maxLength: number): string {
  const clean = line.replace(/\s+/g, ' ').trim();
  if (clean.length <= maxLength) return clean;
  const cut = clean.slice(0, maxLength);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > maxLength / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}
