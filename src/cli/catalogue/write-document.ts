// Writes document versions into the catalogue, a batch at a time, each whole or not at all: the
// texts and entries under fresh ids, the replicas' copies confirmed, then the generation
// pointers flipped (layout.ts); any failure before the flip removes what the batch wrote, and
// an old version goes only after its new one is live.
import { promisify } from 'node:util';
import { deflateRaw, inflateRawSync } from 'node:zlib';
import { packBatch, type GroupPostings } from './batch-postings';
import { CatalogueError, type CatalogueClient } from './connect';
import { DOCS_KEY, docKey, groupKey, idBytes, NEXT_KEY } from './layout';
import { documentPlaces, type DocumentPlaces } from './shingles';
import { waitForReplicas } from './replicas';

const deflate = promisify(deflateRaw);

/** A library file as read and hashed, ready to be written. */
export interface DocumentVersion {
  source: string;
  text: string;
  title: string;
  author?: string | undefined;
  /** sha256 of the file's bytes: the same file added again changes nothing. */
  sha: string;
  /**
   * The map back to the file's own offsets (file-offsets.ts) and the stored shingles' places,
   * worked out when first asked: only a version that is written needs them, so an unchanged
   * file costs its read and hash alone.
   */
  index(): { breaks: Int32Array; places: DocumentPlaces };
}

export type WriteOutcome = 'added' | 'replaced' | 'unchanged';

/** A version being written: its document, fresh id, the id it replaces and its add order. */
interface Pending {
  doc: DocumentVersion;
  id: number;
  old: number | undefined;
  seq: number;
}

/**
 * Writes each of `docs` unless the catalogue holds the same bytes under its source already; one
 * outcome per document, in order (a CatalogueError for one that was not added).
 */
export async function writeDocuments(
  redis: CatalogueClient,
  docs: readonly DocumentVersion[],
  attempt = 0,
): Promise<(WriteOutcome | CatalogueError)[]> {
  const outcomes: (WriteOutcome | CatalogueError)[] = docs.map(() => 'unchanged');
  if (docs.length === 0) return outcomes;
  const live = await redis.hmget(DOCS_KEY, ...docs.map((d) => d.source));
  const olds = await Promise.all(
    live.map(async (id) =>
      id === null ? undefined : { id: Number(id), ...(await liveVersion(redis, Number(id))) },
    ),
  );
  const fresh = docs.flatMap((doc, i) => (olds[i]?.sha === doc.sha ? [] : [i]));
  if (fresh.length === 0) return outcomes;
  const last = await redis.incrby(NEXT_KEY, fresh.length);
  const pending: Pending[] = fresh.map((i, k) => {
    const id = last - fresh.length + 1 + k;
    const old = olds[i];
    // The order a fresh local index would add it in: a changed file keeps its place.
    return { doc: docs[i] as DocumentVersion, id, old: old?.id, seq: old?.seq ?? id };
  });
  const groups = packBatch(pending.map(({ id, doc }) => ({ id, places: doc.index().places })));
  let won: number[];
  try {
    await Promise.all([
      ...pending.map((p) => writeText(redis, p)),
      ...groups.map(({ group, blob }) => redis.appendEntries(groupKey(group), blob)),
    ]);
    await waitForReplicas(redis);
    won = await redis.flipPointers(
      DOCS_KEY,
      ...pending.flatMap(({ doc, id, old }) => [
        doc.source,
        old === undefined ? '' : String(old),
        String(id),
      ]),
    );
  } catch (error) {
    await removeVersions(
      redis,
      pending.map((p) => p.id),
      groups,
    ).catch(() => undefined);
    if (pending.length === 1)
      outcomes[fresh[0] as number] = new CatalogueError(
        `${pending[0]?.doc.source}: not added (${describeRedisError(error)})`,
      );
    // One at a time, so that what fits is added and what does not is told apart.
    else
      for (const [k, p] of pending.entries())
        outcomes[fresh[k] as number] = (await writeDocuments(redis, [p.doc], attempt + 1))[0]!;
    return outcomes;
  }
  // The replicas must hold the new pointers before the add says so and before an old version
  // goes: a failover that lost them would bring back a pointer to a version being removed.
  // Unconfirmed, the old versions stay (unused memory, never seen by a scan).
  const safe = await waitForReplicas(redis).then(
    () => true,
    () => false,
  );
  await Promise.all(
    pending.map(async (p, k) => {
      const i = fresh[k] as number;
      if (won[k] === 1 && !safe) {
        outcomes[i] = new CatalogueError(
          `${p.doc.source}: written, but the replicas did not confirm it; add it again once the cluster is healthy`,
        );
        return;
      }
      if (won[k] === 1) {
        if (p.old !== undefined) await removeVersion(redis, p.old);
        outcomes[i] = p.old === undefined ? 'added' : 'replaced';
        return;
      }
      // Another add of the same source made its version live meanwhile: ours goes, and the
      // source is looked at again (unchanged now, or this version replaces that one).
      await removeVersion(redis, p.id);
      outcomes[i] =
        attempt < 3
          ? (await writeDocuments(redis, [p.doc], attempt + 1))[0]!
          : new CatalogueError(`${p.doc.source}: not added (other adds of it kept winning)`);
    }),
  );
  return outcomes;
}

async function liveVersion(redis: CatalogueClient, id: number) {
  const [sha, seq] = await redis.hmget(docKey(id), 'sha', 'seq');
  return { sha, seq: Number(seq) };
}

async function writeText(redis: CatalogueClient, { doc, id, seq }: Pending): Promise<void> {
  const { breaks } = doc.index();
  await redis.hset(docKey(id), {
    source: doc.source,
    seq: String(seq),
    sha: doc.sha,
    title: doc.title,
    author: doc.author ?? '',
    z: await deflate(Buffer.from(doc.text, 'utf8')),
    breaks: Buffer.from(breaks.buffer, breaks.byteOffset, breaks.byteLength),
  });
}

/** What a Redis error means for an add, in words a user can act on. */
function describeRedisError(error: unknown): string {
  const message = (error as Error).message ?? String(error);
  if (/\bOOM\b/.test(message))
    return 'the cluster is full: it refused writes at its maxmemory limit; nothing of this document was kept. Give the nodes more memory or add nodes, then add it again';
  return message;
}

/** Removes versions that are not (or no longer) live: their entries, then their document keys. */
async function removeVersions(
  redis: CatalogueClient,
  ids: readonly number[],
  groups: readonly GroupPostings[],
): Promise<void> {
  const idKeys = idBytes(ids);
  await Promise.all(
    groups.map(({ group, buckets }) =>
      redis.removeEntries(groupKey(group), idKeys, ...buckets.map(String)),
    ),
  );
  await Promise.all(ids.map((id) => redis.del(docKey(id))));
}

/** Removes one version, finding its entries from its stored text. */
async function removeVersion(redis: CatalogueClient, id: number): Promise<void> {
  const z = await redis.hgetBuffer(docKey(id), 'z');
  if (z === null) return;
  const places = documentPlaces(inflateRawSync(z).toString('utf8'));
  await removeVersions(redis, [id], packBatch([{ id, places }]));
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
