// The library backup file (see docs/library-format.md): a zip with manifest.json and one text
// file per document. Pure: bytes in, bytes out; the store does the reading and writing.
import { strFromU8, strToU8, zipSync, type Zippable } from 'fflate';
import { isRecord } from '../shared/is-record';
import { isProbeRecord, type ProbeRecord } from './probe-record';
import {
  UNZIP_LIMITS,
  UnzipLimitError,
  unzipBoundedAsync,
  ZipFormatError,
  type UnzipLimits,
} from './import/bounded-unzip';

export const ARCHIVE_FORMAT = 'recital-library';
export const ARCHIVE_VERSION = 1;

/** What a backup keeps of a document besides its text; counts and hashes are recomputed. */
export interface ArchiveDocumentMeta {
  id: string;
  title: string;
  author?: string;
  tags: string[];
  fileName?: string;
  format: string;
  addedAt: number;
}

interface ArchiveDocument {
  meta: ArchiveDocumentMeta;
  text: string;
}

export interface LibraryArchive {
  exportedAt: number;
  settings: Record<string, unknown>;
  documents: ArchiveDocument[];
  /**
   * Memorization probes (`probes.json`, since Recital 0.1 with probes). A backup without them,
   * or read by a version that knows none, restores its documents as before.
   */
  probes?: ProbeRecord[];
  /** Probe records of the backup left out because they were damaged (reading only). */
  damagedProbes?: number;
}

/** The file of a backup that holds its probe records. */
const PROBES_FILE = 'probes.json';

/** A file that is not a Recital backup, or a damaged one; `message` is for the user. */
export class ArchiveFormatError extends Error {
  override name = 'ArchiveFormatError';
}

type TextEncoding = 'utf-8' | 'utf-16le';

interface ManifestDocument extends ArchiveDocumentMeta {
  file: string;
  encoding: TextEncoding;
  chars: number;
}

interface Manifest {
  format: typeof ARCHIVE_FORMAT;
  version: number;
  exportedAt: number;
  settings: Record<string, unknown>;
  documents: ManifestDocument[];
  /** `probes.json` when the backup holds probe records. */
  probes?: string;
}

// A leading U+FEFF is part of the text: keep it rather than drop it as a byte-order mark.
const utf8Decoder = new TextDecoder('utf-8', { ignoreBOM: true });

// UTF-8 cannot carry a lone surrogate, so such a text is stored as UTF-16LE to stay byte-exact.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function encodeUtf16le(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < text.length; i++) view.setUint16(i * 2, text.charCodeAt(i), true);
  return out;
}

function decodeUtf16le(bytes: Uint8Array): string {
  if (bytes.length % 2 !== 0) throw new ArchiveFormatError('A text in the backup is damaged.');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: string[] = [];
  const codes: number[] = [];
  for (let i = 0; i < bytes.length; i += 2) {
    codes.push(view.getUint16(i, true));
    if (codes.length === 8192) parts.push(String.fromCharCode(...codes.splice(0)));
  }
  parts.push(String.fromCharCode(...codes));
  return parts.join('');
}

/** Writes a backup. Documents keep their order; text files are named by position. */
export function encodeLibraryArchive(archive: LibraryArchive): Uint8Array {
  const files: Zippable = {};
  const documents: ManifestDocument[] = archive.documents.map((d, i) => {
    const encoding: TextEncoding = LONE_SURROGATE.test(d.text) ? 'utf-16le' : 'utf-8';
    const file = `texts/${String(i + 1).padStart(5, '0')}.${encoding === 'utf-8' ? 'txt' : 'utf16le'}`;
    files[file] = encoding === 'utf-8' ? strToU8(d.text) : encodeUtf16le(d.text);
    return { ...d.meta, tags: [...d.meta.tags], file, encoding, chars: d.text.length };
  });
  const manifest: Manifest = {
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    exportedAt: archive.exportedAt,
    settings: archive.settings,
    documents,
  };
  if (archive.probes && archive.probes.length > 0) {
    manifest.probes = PROBES_FILE;
    files[PROBES_FILE] = strToU8(JSON.stringify(archive.probes));
  }
  // The manifest goes first so a reader can list the backup without inflating every text.
  return zipSync(
    { 'manifest.json': strToU8(JSON.stringify(manifest, null, 2)), ...files },
    { level: 6 },
  );
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isOptionalString = (v: unknown): v is string | undefined =>
  v === undefined || typeof v === 'string';

function readManifestDocument(v: unknown): ManifestDocument {
  if (
    !isRecord(v) ||
    !isString(v.id) ||
    !isString(v.title) ||
    !isOptionalString(v.author) ||
    !isOptionalString(v.fileName) ||
    !isString(v.format) ||
    !isString(v.file) ||
    (v.encoding !== 'utf-8' && v.encoding !== 'utf-16le') ||
    typeof v.addedAt !== 'number' ||
    typeof v.chars !== 'number' ||
    !Array.isArray(v.tags) ||
    !v.tags.every(isString)
  ) {
    throw new ArchiveFormatError('The backup lists a document it cannot describe.');
  }
  return {
    id: v.id,
    title: v.title,
    ...(v.author !== undefined && { author: v.author }),
    tags: v.tags,
    ...(v.fileName !== undefined && { fileName: v.fileName }),
    format: v.format,
    addedAt: v.addedAt,
    file: v.file,
    encoding: v.encoding,
    chars: v.chars,
  };
}

const MB = 1024 * 1024;

/** The manifest lists documents' details only: a few hundred bytes each. */
const MANIFEST_MAX_BYTES = 64 * MB;

/**
 * The most any backup may unpack to: twice the importers' largest text (a UTF-16LE text takes
 * two bytes a character). A bomb is refused after at most this much is held in memory, and a
 * library with more text than this could not be indexed in one tab anyway.
 */
const BACKUP_MAX_BYTES = 2 * UNZIP_LIMITS.maxEntryBytes;

/**
 * How far a backup of `fileBytes` may unpack. Its texts deflate 2.5-4:1, so 50 times the file
 * leaves room for very repetitive texts while a zip bomb (deflate reaches 1032:1) is refused
 * after inflating 50 times its own size; small backups get 64 MB whatever their ratio.
 */
export function backupUnzipLimits(fileBytes: number): UnzipLimits {
  const maxTotalBytes = Math.min(BACKUP_MAX_BYTES, Math.max(64 * MB, 50 * fileBytes));
  return { maxTotalBytes, maxEntryBytes: maxTotalBytes };
}

function tooLarge(error: UnzipLimitError): ArchiveFormatError {
  if (error.limitBytes >= BACKUP_MAX_BYTES)
    return new ArchiveFormatError(
      `This backup ${error.message}, more text than Recital can restore at once, so nothing changed. Import the documents you need as files instead.`,
    );
  return new ArchiveFormatError(
    `This file ${error.message}, far more than a Recital backup of its size, so Recital did not open it and nothing changed. If it is your backup, export your library again in the browser it came from and restore that file.`,
  );
}

async function unzipBackup(
  bytes: Uint8Array,
  wanted: (name: string) => boolean,
  limits: UnzipLimits,
): Promise<Record<string, Uint8Array>> {
  try {
    return await unzipBoundedAsync(bytes, { filter: (entry) => wanted(entry.name), limits });
  } catch (error) {
    if (error instanceof UnzipLimitError) throw tooLarge(error);
    if (error instanceof ZipFormatError)
      throw new ArchiveFormatError(
        'This file is not a Recital library backup (it is not a zip archive, or the zip is damaged).',
      );
    throw error;
  }
}

async function readManifest(bytes: Uint8Array): Promise<Manifest> {
  const manifestBytes = (
    await unzipBackup(bytes, (name) => name === 'manifest.json', {
      maxEntryBytes: MANIFEST_MAX_BYTES,
      maxTotalBytes: MANIFEST_MAX_BYTES,
    })
  )['manifest.json'];
  if (!manifestBytes)
    throw new ArchiveFormatError(
      'This zip file is not a Recital library backup (no manifest.json).',
    );
  let manifest: unknown;
  try {
    manifest = JSON.parse(strFromU8(manifestBytes));
  } catch {
    throw new ArchiveFormatError('The backup’s manifest.json is damaged.');
  }
  if (!isRecord(manifest) || manifest.format !== ARCHIVE_FORMAT)
    throw new ArchiveFormatError('This file is not a Recital library backup.');
  if (typeof manifest.version !== 'number' || manifest.version > ARCHIVE_VERSION) {
    throw new ArchiveFormatError(
      'This backup was made by a newer version of Recital; update Recital to import it.',
    );
  }
  if (!Array.isArray(manifest.documents))
    throw new ArchiveFormatError('The backup’s manifest.json is damaged.');
  return {
    format: ARCHIVE_FORMAT,
    version: manifest.version,
    exportedAt: typeof manifest.exportedAt === 'number' ? manifest.exportedAt : 0,
    settings: isRecord(manifest.settings) ? manifest.settings : {},
    documents: manifest.documents.map(readManifestDocument),
    ...(manifest.probes === PROBES_FILE && { probes: PROBES_FILE }),
  };
}

/**
 * The backup's probe records; damaged ones are counted and left out, so they never cost the
 * documents their restore.
 */
function readProbes(bytes: Uint8Array | undefined): { probes: ProbeRecord[]; damaged: number } {
  if (!bytes) return { probes: [], damaged: 0 };
  let parsed: unknown;
  try {
    parsed = JSON.parse(strFromU8(bytes));
  } catch {
    return { probes: [], damaged: 1 };
  }
  if (!Array.isArray(parsed)) return { probes: [], damaged: 1 };
  const probes = parsed.filter(isProbeRecord);
  return { probes, damaged: parsed.length - probes.length };
}

/**
 * Reads a backup written by {@link encodeLibraryArchive} (format version 1), unpacking no more
 * than {@link backupUnzipLimits} allow: the manifest first, then only the texts it lists.
 * Rejects with ArchiveFormatError when the bytes are not a backup, are damaged, unpack too far, or
 * come from a newer version of Recital.
 */
export async function decodeLibraryArchive(bytes: Uint8Array): Promise<LibraryArchive> {
  const manifest = await readManifest(bytes);
  const listed = new Set(manifest.documents.map((d) => d.file));
  if (manifest.probes) listed.add(manifest.probes);
  const limits = backupUnzipLimits(bytes.length);
  const files = await unzipBackup(bytes, (name) => listed.has(name), limits);
  const documents = manifest.documents.map(
    ({ file, encoding, chars, ...meta }): ArchiveDocument => {
      const raw = files[file];
      if (!raw) throw new ArchiveFormatError(`The backup is missing the text of “${meta.title}”.`);
      const text = encoding === 'utf-8' ? utf8Decoder.decode(raw) : decodeUtf16le(raw);
      if (text.length !== chars)
        throw new ArchiveFormatError(`The text of “${meta.title}” in the backup is damaged.`);
      return { meta, text };
    },
  );
  const { probes, damaged } = readProbes(manifest.probes ? files[manifest.probes] : undefined);
  return {
    exportedAt: manifest.exportedAt,
    settings: manifest.settings,
    documents,
    ...(probes.length > 0 && { probes }),
    ...(damaged > 0 && { damagedProbes: damaged }),
  };
}
