// Reads library files and replies into text with the extension's own readers, so a file gives the
// CLI exactly the text, title and author it gives the extension, in every format it imports.
import fs from 'node:fs';
import path from 'node:path';
import { decodeText } from '../library/import/decode-text';
import { importFile, ImportError, MAX_IMPORT_BYTES } from '../library/import/index';
import { titleFromFileName } from '../library/import/make-document';
import { sniffFormat } from '../library/import/sniff-format';
import { preparePdfWorker } from './pdf-worker';

/** A file that cannot be read; the message starts with the file's name and says why. */
export class FileError extends Error {}

/** The bytes of a regular file and the size and time they were read at. */
export interface FileBytes {
  bytes: Uint8Array;
  size: number;
  mtimeMs: number;
}

const MB = 1024 * 1024;

/** A library document as the extension's import reads it: its text, title and author. */
export interface LibraryDocument extends FileBytes {
  text: string;
  title: string;
  author?: string | undefined;
}

/**
 * A library file read by the extension's own import (library/import): the same text, title and
 * author, whatever the format; an empty file (or one with no text) gives ''. Throws FileError.
 */
export async function readLibraryDocument(file: string): Promise<LibraryDocument> {
  const read = readFileBytes(file);
  const name = path.basename(file);
  if (/\.pdf$/i.test(name) || sniffFormat(read.bytes) === 'pdf') await preparePdfWorker();
  try {
    const doc = await importFile({ name, bytes: read.bytes });
    return { ...read, text: doc.text, title: doc.title, author: doc.author };
  } catch (error) {
    if (error instanceof ImportError && error.code === 'empty')
      return { ...read, text: '', title: titleFromFileName(name) };
    throw describeDecodeError(error, file);
  }
}

/** A reply's text, decoded but not tidied, so offsets point into the file as a person sees it. */
export function decodeReply(bytes: Uint8Array, name: string): string {
  try {
    return decodeText(bytes);
  } catch (error) {
    throw describeDecodeError(error, name);
  }
}

/** Why a path is not a regular file, or undefined when it is one. */
export function whyNotRegular(stat: fs.Stats): string | undefined {
  if (stat.isFile()) return undefined;
  if (stat.isDirectory()) return 'is a folder, not a text file';
  if (stat.isFIFO()) return 'is a named pipe (FIFO), not a regular file; pipe it to - instead';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'is a device, not a regular file';
  if (stat.isSocket()) return 'is a socket, not a regular file';
  return 'is not a regular file';
}

/**
 * The whole of a regular file. Special files are refused before opening, because opening a FIFO
 * waits for a writer and a device like /dev/zero never ends; oversized files before reading.
 */
export function readFileBytes(file: string): FileBytes {
  const stat = statFile(file);
  refuseUnreadable(stat, file);
  let fd: number;
  try {
    // O_NONBLOCK: if the path became a FIFO since the stat, opening it must not wait for a writer.
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (error) {
    throw systemError(error, file);
  }
  try {
    const opened = fs.fstatSync(fd);
    refuseUnreadable(opened, file);
    // A plain Uint8Array, not a Buffer: pdf.js refuses Buffers, and a small Buffer's .buffer is
    // Node's shared pool, which a reader copying .buffer (mammoth's input) would read whole.
    const bytes = new Uint8Array(opened.size);
    let length = 0;
    while (length < bytes.length) {
      const n = fs.readSync(fd, bytes, length, bytes.length - length, length);
      if (n === 0) break;
      length += n;
    }
    if (length < bytes.length) throw new FileError(`${file}: became shorter while it was read`);
    return { bytes, size: opened.size, mtimeMs: opened.mtimeMs };
  } catch (error) {
    throw error instanceof FileError ? error : systemError(error, file);
  } finally {
    fs.closeSync(fd);
  }
}

/** The size and time a file has now, to tell whether it changed since it was read. */
export function statFile(file: string): fs.Stats {
  try {
    return fs.statSync(file);
  } catch (error) {
    throw systemError(error, file);
  }
}

/** Standard input, up to the size limit; a device other than a terminal is refused. */
export async function readStandardInput(): Promise<Uint8Array> {
  const name = 'standard input';
  const stat = fs.fstatSync(0);
  if (stat.isDirectory()) throw new FileError(`${name}: is a folder, not a text file`);
  if ((stat.isCharacterDevice() && !process.stdin.isTTY) || stat.isBlockDevice())
    throw new FileError(`${name}: is a device, not a text file`);
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > MAX_IMPORT_BYTES) {
      process.stdin.destroy();
      throw new FileError(`${name}: ${tooLarge(length, 'more than ')}`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, length);
}

function refuseUnreadable(stat: fs.Stats, file: string): void {
  const why = whyNotRegular(stat);
  if (why) throw new FileError(`${file}: ${why}`);
  if (stat.size > MAX_IMPORT_BYTES) throw new FileError(`${file}: ${tooLarge(stat.size, '')}`);
}

function tooLarge(bytes: number, qualifier: string): string {
  return `is ${qualifier}${Math.floor(bytes / MB)} MB, larger than the ${MAX_IMPORT_BYTES / MB} MB recital (and the extension) reads from one file; split it into smaller files`;
}

const SYSTEM_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'is a symbolic-link loop',
  EISDIR: 'is a folder, not a text file',
  ENOTDIR: 'no such file (a part of the path is not a folder)',
};

function systemError(error: unknown, file: string): FileError {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return new FileError(`${file}: ${SYSTEM_REASONS[code] ?? `cannot be read (${code || error})`}`);
}

const DECODE_REASONS: Readonly<Record<string, string>> = {
  binary: 'looks like a binary file, not text',
  encoding:
    'is in a character encoding recital cannot read (UTF-32, or UTF-16 without a byte-order mark); save it as UTF-8',
};

function describeDecodeError(error: unknown, name: string): FileError {
  if (!(error instanceof ImportError)) return new FileError(`${name}: ${String(error)}`);
  return new FileError(`${name}: ${DECODE_REASONS[error.code] ?? error.message}`);
}
