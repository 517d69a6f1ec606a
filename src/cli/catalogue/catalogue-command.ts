// `recital catalogue add|remove|list --redis URL`: the team catalogue's documents in the cluster.
import { createHash } from 'node:crypto';
import { FileError, readLibraryDocument } from '../read-text-file';
import { listLibraries } from '../saved-index/read-library';
import { CatalogueError, connectCatalogue, type CatalogueClient } from './connect';
import { DOCS_KEY, docKey } from './layout';
import { fileOffsetBreaks } from './file-offsets';
import { documentPlaces } from './shingles';
import {
  removeDocument,
  writeDocuments,
  type DocumentVersion,
  type WriteOutcome,
} from './write-document';

export interface CatalogueArgs {
  command: 'catalogue';
  action: 'add' | 'remove' | 'list';
  redis: string;
  /** add: files and folders; remove: sources. */
  paths: string[];
  json: boolean;
}

/** How the command tells the user about problems and progress. */
export interface CatalogueReporter {
  warn(message: string): void;
  progress(message: string): void;
  out(text: string): void;
}

/** Runs a catalogue action and resolves to the exit status. */
export async function runCatalogueCommand(
  args: CatalogueArgs,
  reporter: CatalogueReporter,
): Promise<number> {
  let redis: CatalogueClient;
  try {
    redis = await connectCatalogue(args.redis);
  } catch (error) {
    if (!(error instanceof CatalogueError)) throw error;
    reporter.warn(error.message);
    return 1;
  }
  try {
    if (args.action === 'add') return await addPaths(redis, args.paths, reporter);
    if (args.action === 'remove') return await removeSources(redis, args.paths, reporter);
    return await listDocuments(redis, args.json, reporter);
  } catch (error) {
    if (!(error instanceof CatalogueError || error instanceof FileError)) throw error;
    reporter.warn(error.message);
    return 1;
  } finally {
    redis.disconnect();
  }
}

function bar(done: number, total: number): string {
  const width = 24;
  const filled = total > 0 ? Math.round((width * done) / total) : width;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

// A batch is written in one round of pipelined calls (one per group key it touches): large
// enough that the calls carry many documents each, small enough to hold in memory twice (one
// batch is read and hashed while the one before it is written).
const BATCH_BYTES = 32e6;
const BATCH_DOCS = 2000;

/** A library file read, hashed and placed, ready for writeDocuments. */
async function readVersion(file: string, source: string): Promise<DocumentVersion> {
  const read = await readLibraryDocument(file);
  let indexed: ReturnType<DocumentVersion['index']> | undefined;
  return {
    source,
    text: read.text,
    title: read.title,
    author: read.author,
    sha: createHash('sha256').update(read.bytes).digest('hex'),
    index: () =>
      (indexed ??= {
        breaks: fileOffsetBreaks(file, read.bytes, read.text),
        places: documentPlaces(read.text),
      }),
  };
}

async function addPaths(
  redis: CatalogueClient,
  paths: readonly string[],
  reporter: CatalogueReporter,
): Promise<number> {
  const { files, failed: unlisted } = listLibraries(paths, reporter);
  const counts: Record<WriteOutcome | 'failed', number> = {
    added: 0,
    replaced: 0,
    unchanged: 0,
    failed: unlisted,
  };
  const names = new Set<string>();
  const started = Date.now();
  let bytes = 0;
  let done = 0;
  let batch: DocumentVersion[] = [];
  let batchBytes = 0;
  let writing: Promise<void> = Promise.resolve();
  let failure: unknown;
  const write = async (docs: DocumentVersion[], size: number): Promise<void> => {
    const outcomes = await writeDocuments(redis, docs);
    for (const outcome of outcomes)
      if (outcome instanceof CatalogueError) {
        counts.failed++;
        reporter.warn(outcome.message);
      } else counts[outcome]++;
    bytes += size;
    done += docs.length;
    const secs = Math.max((Date.now() - started) / 1000, 0.001);
    reporter.progress(
      `${bar(done, files.length)} ${done}/${files.length} files, ${(bytes / 1e6).toFixed(1)} MB, ${(bytes / 1e6 / secs).toFixed(1)} MB/s`,
    );
  };
  const flush = async (): Promise<void> => {
    // The batch before this one is still being written: wait for it, then send this one.
    await writing;
    if (failure !== undefined) throw failure;
    // Caught here and thrown at the next flush: nothing waits on it while files are read.
    writing = write(batch, batchBytes).catch((error: unknown) => void (failure = error ?? 'error'));
    batch = [];
    batchBytes = 0;
  };
  for (const { name, file } of files) {
    // Two files of one name (from two PATHs) are told apart as the scanner does.
    let source = name;
    for (let n = 2; names.has(source); n++) source = `${name} (${n})`;
    names.add(source);
    try {
      const version = await readVersion(file, source);
      batch.push(version);
      batchBytes += Buffer.byteLength(version.text);
    } catch (error) {
      if (!(error instanceof FileError)) throw error;
      counts.failed++;
      done++;
      reporter.warn(`skipped ${error.message}`);
    }
    if (batchBytes >= BATCH_BYTES || batch.length >= BATCH_DOCS) await flush();
  }
  await flush();
  await writing;
  if (failure !== undefined) throw failure;
  reporter.progress('');
  reporter.warn(
    `catalogue: ${counts.added} added, ${counts.replaced} replaced, ${counts.unchanged} unchanged, ${counts.failed} failed`,
  );
  return counts.failed > 0 ? 1 : 0;
}

async function removeSources(
  redis: CatalogueClient,
  sources: readonly string[],
  reporter: CatalogueReporter,
): Promise<number> {
  let status = 0;
  for (const source of sources) {
    if (await removeDocument(redis, source)) continue;
    reporter.warn(`${source}: not in the catalogue (see recital catalogue list)`);
    status = 1;
  }
  return status;
}

async function listDocuments(
  redis: CatalogueClient,
  json: boolean,
  reporter: CatalogueReporter,
): Promise<number> {
  const pointers = await redis.hgetall(DOCS_KEY);
  const rows = await Promise.all(
    Object.entries(pointers).map(async ([source, id]) => {
      const [seq, title, author, sha] = await redis.hmget(
        docKey(Number(id)),
        'seq',
        'title',
        'author',
        'sha',
      );
      return { source, title: title ?? source, author: author || null, sha, seq: Number(seq) };
    }),
  );
  rows.sort((a, b) => a.seq - b.seq);
  for (const { source, title, author, sha } of rows)
    reporter.out(
      json
        ? JSON.stringify({ source, title, author, sha256: sha }) + '\n'
        : `${source}\t${title}${author ? ` by ${author}` : ''}\n`,
    );
  return 0;
}
