// Writes one document version into the catalogue whole or not at all: its text and entries under
// a fresh id, then the generation pointer flipped to it (layout.ts); any failure before the flip
// removes what was written, and the old version goes only after the new one is live.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { CatalogueError, type CatalogueClient } from './connect';
import { fileOffsetBreaks } from './file-offsets';
import { DOCS_KEY, docKey, groupKey, idBytes, NEXT_KEY } from './layout';
import { documentEntries, type GroupedEntries } from './shingles';

/** A library file as read, ready to be written. */
export interface DocumentVersion {
  source: string;
  file: string;
  bytes: Uint8Array;
  text: string;
  title: string;
  author?: string | undefined;
  /** sha256 of the file's bytes: the same file added again changes nothing. */
  sha: string;
}

export type WriteOutcome = 'added' | 'replaced' | 'unchanged';

/** Writes `doc` unless the catalogue holds the same bytes under its source already. */
export async function writeDocument(
  redis: CatalogueClient,
  doc: DocumentVersion,
): Promise<WriteOutcome> {
  const liveId = await redis.hget(DOCS_KEY, doc.source);
  const old = liveId === null ? undefined : Number(liveId);
  let seq: number | undefined;
  if (old !== undefined) {
    const [sha, oldSeq] = await redis.hmget(docKey(old), 'sha', 'seq');
    if (sha === doc.sha) return 'unchanged';
    seq = Number(oldSeq);
  }
  const id = await redis.incr(NEXT_KEY);
  const entries = documentEntries(doc.text, id);
  try {
    await redis.hset(docKey(id), {
      source: doc.source,
      // The order a fresh local index would add it in: a changed file keeps its place.
      seq: String(seq ?? id),
      sha: doc.sha,
      title: doc.title,
      author: doc.author ?? '',
      z: deflateRawSync(Buffer.from(doc.text, 'utf8')),
      breaks: Buffer.from(fileOffsetBreaks(doc.file, doc.bytes, doc.text).buffer),
    });
    await Promise.all(
      [...entries].map(([group, buckets]) => {
        const args: (string | Buffer)[] = [];
        for (const [bucket, packed] of buckets) args.push(String(bucket), packed);
        return redis.appendEntries(groupKey(group), ...args);
      }),
    );
    await redis.hset(DOCS_KEY, doc.source, String(id));
  } catch (error) {
    await removeVersion(redis, id, entries).catch(() => undefined);
    throw new CatalogueError(`${doc.source}: not added (${describeRedisError(error)})`);
  }
  if (old !== undefined) await removeVersion(redis, old);
  return old === undefined ? 'added' : 'replaced';
}

/** What a Redis error means for an add, in words a user can act on. */
function describeRedisError(error: unknown): string {
  const message = (error as Error).message ?? String(error);
  if (/\bOOM\b/.test(message))
    return 'the cluster is full: it refused writes at its maxmemory limit; nothing of this document was kept. Give the nodes more memory or add nodes, then add it again';
  return message;
}

/**
 * Removes a version that is not (or no longer) live: its entries from every bucket they are in
 * (from its stored text when `entries` are not given) and its document key.
 */
async function removeVersion(
  redis: CatalogueClient,
  id: number,
  entries?: GroupedEntries,
): Promise<void> {
  let grouped = entries;
  if (!grouped) {
    const z = await redis.hgetBuffer(docKey(id), 'z');
    if (z === null) return;
    grouped = documentEntries(inflateRawSync(z).toString('utf8'), id);
  }
  const idKey = idBytes(id);
  await Promise.all(
    [...grouped].map(([group, buckets]) =>
      redis.removeEntries(groupKey(group), idKey, ...[...buckets.keys()].map(String)),
    ),
  );
  await redis.del(docKey(id));
}

/** Removes the live version of `source`; false when the catalogue has none. */
export async function removeDocument(redis: CatalogueClient, source: string): Promise<boolean> {
  const liveId = await redis.hget(DOCS_KEY, source);
  if (liveId === null) return false;
  // Invisible first (the pointer), then the entries: a scan meanwhile never sees half of it.
  await redis.hdel(DOCS_KEY, source);
  await removeVersion(redis, Number(liveId));
  return true;
}
