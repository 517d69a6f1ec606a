// Unzips with a ceiling. fflate's unzipSync trusts a zip: it allocates each entry's declared size
// and grows past it when the data inflates further, so a 16.7 MB EPUB of 8 x 1 GB chapters took a
// tab to 10.4 GB. Here declared sizes are checked before inflating and actual sizes while
// inflating, in small steps, so a bomb costs at most one step past the limit.
import { Inflate, strFromU8 } from 'fflate';

const MB = 1024 * 1024;

export interface UnzipLimits {
  /** Most bytes one entry may unpack to. */
  maxEntryBytes: number;
  /** Most bytes all inflated entries together may unpack to. */
  maxTotalBytes: number;
}

/**
 * The readers' limits. A library file may hold up to 256 MB of text (MAX_IMPORT_BYTES); one
 * entry may unpack to that much, and the whole package to twice that, since XHTML or WordprocessingML
 * markup around a book's text roughly doubles it. Real books unpack to tens of MB.
 */
export const UNZIP_LIMITS: Readonly<UnzipLimits> = {
  maxEntryBytes: 256 * MB,
  maxTotalBytes: 512 * MB,
};

/** A zip that would unpack past a limit; the message reads "unpacks to more than N MB". */
export class UnzipLimitError extends Error {
  override name = 'UnzipLimitError';
  constructor(readonly limitBytes: number) {
    super(`unpacks to more than ${Math.round(limitBytes / MB)} MB`);
  }
}

/** A damaged zip, or one using a compression method other than stored or deflate. */
export class ZipFormatError extends Error {
  override name = 'ZipFormatError';
}

/** One entry of a zip's central directory: what it claims, before anything is inflated. */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate. */
  method: number;
  compressedSize: number;
  /** The uncompressed size the zip declares; the data may inflate to more. */
  declaredSize: number;
  /** Offset of the entry's compressed data in the zip. */
  dataStart: number;
}

export interface UnzipOptions {
  /** Entries to inflate (and count against the limits); default all. */
  filter?: (entry: ZipEntry) => boolean;
  /** Inflated entries to return; default all. Others are inflated, counted and dropped. */
  keep?: (entry: ZipEntry) => boolean;
  limits?: Readonly<UnzipLimits>;
}

// Compressed bytes per inflate step: deflate expands at most 1032:1, so a step yields ~16 MB.
const STEP = 16 * 1024;

/** The entries to inflate, once their declared sizes are known to fit `limits`. */
function declaredEntries(bytes: Uint8Array, filter: UnzipOptions['filter'], limits: UnzipLimits) {
  const entries = listZipEntries(bytes).filter(filter ?? (() => true));
  let declaredTotal = 0;
  for (const entry of entries) {
    if (entry.declaredSize > limits.maxEntryBytes) throw new UnzipLimitError(limits.maxEntryBytes);
    declaredTotal += entry.declaredSize;
    if (declaredTotal > limits.maxTotalBytes) throw new UnzipLimitError(limits.maxTotalBytes);
  }
  return entries;
}

/** Counts what each entry inflates to, and throws as soon as a limit is passed. */
function sizeCounter(limits: UnzipLimits) {
  let total = 0;
  return (isKept: boolean) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    const take = (chunk: Uint8Array): void => {
      size += chunk.length;
      total += chunk.length;
      if (size > limits.maxEntryBytes) throw new UnzipLimitError(limits.maxEntryBytes);
      if (total > limits.maxTotalBytes) throw new UnzipLimitError(limits.maxTotalBytes);
      if (isKept) chunks.push(chunk);
    };
    return { take, bytes: () => concat(chunks, size) };
  };
}

const dataOf = (bytes: Uint8Array, entry: ZipEntry): Uint8Array =>
  bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);

/**
 * The entries of a zip, inflated under `limits`. Throws UnzipLimitError when an entry's declared
 * or actual size passes `maxEntryBytes` or their sum passes `maxTotalBytes` (declared sizes are
 * checked before inflating anything), ZipFormatError when the zip is damaged.
 */
export function unzipBounded(
  bytes: Uint8Array,
  { filter, keep = () => true, limits = UNZIP_LIMITS }: UnzipOptions = {},
): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  const counter = sizeCounter(limits);
  for (const entry of declaredEntries(bytes, filter, limits)) {
    const isKept = keep(entry);
    const { take, bytes: inflated } = counter(isKept);
    inflateEntry(dataOf(bytes, entry), entry, take);
    if (isKept) files[entry.name] = inflated();
  }
  return files;
}

/**
 * {@link unzipBounded} on the platform's inflater where there is one (DecompressionStream,
 * native and many times faster than fflate on a bomb's long runs), so a limit is reached in
 * seconds; fflate elsewhere.
 */
export async function unzipBoundedAsync(
  bytes: Uint8Array,
  { filter, keep = () => true, limits = UNZIP_LIMITS }: UnzipOptions = {},
): Promise<Record<string, Uint8Array>> {
  const files: Record<string, Uint8Array> = {};
  const counter = sizeCounter(limits);
  for (const entry of declaredEntries(bytes, filter, limits)) {
    const isKept = keep(entry);
    const { take, bytes: inflated } = counter(isKept);
    await inflateEntryNative(dataOf(bytes, entry), entry, take);
    if (isKept) files[entry.name] = inflated();
  }
  return files;
}

async function inflateEntryNative(
  data: Uint8Array,
  entry: ZipEntry,
  take: (chunk: Uint8Array) => void,
): Promise<void> {
  if (
    entry.method !== 8 ||
    data.length < entry.compressedSize ||
    typeof DecompressionStream === 'undefined'
  )
    return inflateEntry(data, entry, take);
  let at = 0;
  // Pulled a step at a time, so the inflater runs at most one step ahead of the size check.
  const input = new ReadableStream<Uint8Array<ArrayBuffer>>(
    {
      pull(controller) {
        if (at >= data.length) return controller.close();
        controller.enqueue(data.slice(at, at + STEP));
        at += STEP;
      },
    },
    { highWaterMark: 0 },
  );
  const reader = input.pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) take(read.value);
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    if (error instanceof UnzipLimitError) throw error;
    throw new ZipFormatError(`${entry.name} does not inflate (${String(error)})`);
  }
}

function inflateEntry(data: Uint8Array, entry: ZipEntry, take: (chunk: Uint8Array) => void): void {
  if (data.length < entry.compressedSize) throw new ZipFormatError(`${entry.name} is cut short`);
  if (entry.method === 0) return take(data);
  if (entry.method !== 8)
    throw new ZipFormatError(`${entry.name} uses compression method ${entry.method}`);
  const inflater = new Inflate(take);
  try {
    for (let at = 0; at < data.length || at === 0; at += STEP)
      inflater.push(data.subarray(at, at + STEP), at + STEP >= data.length);
  } catch (error) {
    if (error instanceof UnzipLimitError) throw error;
    throw new ZipFormatError(`${entry.name} does not inflate (${String(error)})`);
  }
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0].slice();
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** The central directory of a zip (zip64 included); throws ZipFormatError when there is none. */
export function listZipEntries(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number): number => view.getUint16(at, true);
  const u32 = (at: number): number => view.getUint32(at, true);
  const u64 = (at: number): number => u32(at) + u32(at + 4) * 2 ** 32;
  try {
    let end = bytes.length - 22;
    // The end record sits after a comment of at most 65,535 bytes.
    while (end >= 0 && u32(end) !== 0x06054b50) {
      if (bytes.length - end > 65_557) end = -1;
      else end--;
    }
    if (end < 0) throw new ZipFormatError('no end of central directory');
    let count = u16(end + 10);
    let at = u32(end + 16);
    const isZip64 = end >= 20 && u32(end - 20) === 0x07064b50;
    if (isZip64) {
      const end64 = u64(end - 12);
      if (u32(end64) !== 0x06064b50) throw new ZipFormatError('a broken zip64 record');
      count = u64(end64 + 32);
      at = u64(end64 + 48);
    }
    const entries: ZipEntry[] = [];
    for (let i = 0; i < count; i++) {
      if (u32(at) !== 0x02014b50) throw new ZipFormatError('a broken central directory');
      const nameLength = u16(at + 28);
      const extraLength = u16(at + 30);
      const nameStart = at + 46;
      const isUtf8 = (u16(at + 8) & 0x800) !== 0;
      const sizes = zip64Sizes(u64, u16, nameStart + nameLength, extraLength, {
        declaredSize: u32(at + 24),
        compressedSize: u32(at + 20),
        offset: u32(at + 42),
      });
      if (u32(sizes.offset) !== 0x04034b50) throw new ZipFormatError('a broken local header');
      entries.push({
        name: strFromU8(bytes.subarray(nameStart, nameStart + nameLength), !isUtf8),
        method: u16(at + 10),
        compressedSize: sizes.compressedSize,
        declaredSize: sizes.declaredSize,
        dataStart: sizes.offset + 30 + u16(sizes.offset + 26) + u16(sizes.offset + 28),
      });
      at = nameStart + nameLength + extraLength + u16(at + 32);
    }
    return entries;
  } catch (error) {
    if (error instanceof ZipFormatError) throw error;
    throw new ZipFormatError(`not a readable zip (${String(error)})`);
  }
}

interface EntrySizes {
  declaredSize: number;
  compressedSize: number;
  offset: number;
}

// A field of 0xFFFFFFFF means the real value is in the zip64 extra field, in this order.
function zip64Sizes(
  u64: (at: number) => number,
  u16: (at: number) => number,
  extraStart: number,
  extraLength: number,
  sizes: EntrySizes,
): EntrySizes {
  const fields = (['declaredSize', 'compressedSize', 'offset'] as const).filter(
    (field) => sizes[field] === 0xffffffff,
  );
  if (fields.length === 0) return sizes;
  for (let at = extraStart; at + 4 <= extraStart + extraLength; at += 4 + u16(at + 2)) {
    if (u16(at) !== 1) continue;
    const out = { ...sizes };
    fields.forEach((field, i) => (out[field] = u64(at + 4 + 8 * i)));
    return out;
  }
  throw new ZipFormatError('a zip64 entry without its sizes');
}
