// Scans a reply against the catalogue with the core's own matcher: the reply's shingles are
// looked up in the cluster (one pipelined round trip per node), the live documents they name are
// fetched (or taken from a cache of immutable versions), and findSpans runs over an index of just
// those documents. Every document with a seed is a candidate, so the spans are those the local
// scanner finds over the whole library.
import { inflateRawSync } from 'node:zlib';
import {
  findSpans,
  PassageIndex,
  titleLineLookup,
  type ScanResult,
  type Span,
} from '../../core/index';
import { CatalogueError, type CatalogueClient } from './connect';
import { toFileRange } from './file-offsets';
import { DOCS_KEY, docKey, groupKey, idsWithCheck } from './layout';
import { replyLookups } from './shingles';

/** One live document version as a scan needs it. */
interface CatalogueDocument {
  id: number;
  source: string;
  seq: number;
  title: string;
  author?: string | undefined;
  text: string;
  breaks: Int32Array;
  /** Its serialized index record (PassageIndex.serializeDocument), hashed once per process. */
  record: ArrayBuffer;
}

/** A reply's spans (source offsets into each file as on disk) and the documents they name. */
export interface CatalogueScan {
  result: ScanResult;
  documents: ReadonlyMap<string, { title: string; author?: string | undefined; text: string }>;
  /** Each span's source range in the reader's text, for excerpts; same order as the spans. */
  textRanges: [number, number][];
}

export interface CatalogueScanOptions {
  minWords?: number;
  includeNear?: boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class CatalogueScanner {
  private readonly cache = new Map<number, CatalogueDocument>();
  private cachedChars = 0;

  constructor(
    private readonly redis: CatalogueClient,
    private readonly cacheChars = 128 * 1024 * 1024,
  ) {}

  /**
   * Scans `text`. A failed-over or restarting node is waited for: the whole lookup is tried again
   * (about 15 s in all) before the error is thrown.
   */
  async scan(text: string, options: CatalogueScanOptions = {}): Promise<CatalogueScan> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.scanOnce(text, options);
      } catch (error) {
        if (error instanceof CatalogueError || attempt >= 30) throw error;
        await sleep(Math.min(100 * attempt, 1000));
      }
    }
  }

  private async scanOnce(text: string, options: CatalogueScanOptions): Promise<CatalogueScan> {
    const documents = await this.liveDocuments(await this.candidates(text));
    const index = new PassageIndex();
    const bySource = new Map<string, CatalogueDocument>();
    for (const doc of documents.sort((a, b) => a.seq - b.seq)) {
      index.addSerializedDocument(doc.record);
      bySource.set(doc.source, doc);
    }
    const result = findSpans(index, text, (source) => bySource.get(source)?.text, {
      ...options,
      titleLines: titleLineLookup((source) => bySource.get(source)),
      documentOrder: (source) => bySource.get(source)?.seq ?? Number.MAX_SAFE_INTEGER,
    });
    const textRanges: [number, number][] = [];
    const spans = result.spans.map((span): Span => {
      textRanges.push([span.sourceStart, span.sourceEnd]);
      const breaks = bySource.get(span.docId)?.breaks ?? new Int32Array(0);
      const [sourceStart, sourceEnd] = toFileRange(breaks, span.sourceStart, span.sourceEnd);
      return { ...span, sourceStart, sourceEnd };
    });
    return { result: { ...result, spans }, documents: bySource, textRanges };
  }

  /** Ids of the document versions holding any of the reply's shingles (live or not). */
  private async candidates(text: string): Promise<Set<number>> {
    const ids = new Set<number>();
    await Promise.all(
      [...replyLookups(text)].map(async ([group, buckets]) => {
        const fields = [...buckets.keys()];
        const values = await this.redis.hmgetBuffer(groupKey(group), ...fields.map(String));
        values.forEach((value, i) => {
          if (!value) return;
          for (const check of buckets.get(fields[i] as number) as Set<number>)
            idsWithCheck(value, check, ids);
        });
      }),
    );
    return ids;
  }

  /** The candidates that are their source's live version, read from the cache or the cluster. */
  private async liveDocuments(ids: Set<number>): Promise<CatalogueDocument[]> {
    const known = await Promise.all(
      [...ids].map(async (id) => {
        const cached = this.cache.get(id);
        if (cached) return { id, source: cached.source };
        const source = await this.redis.hget(docKey(id), 'source');
        return source === null ? undefined : { id, source };
      }),
    );
    const named = known.filter((k): k is { id: number; source: string } => k !== undefined);
    if (named.length === 0) return [];
    const pointers = await this.redis.hmget(DOCS_KEY, ...named.map((k) => k.source));
    const live = named.filter((k, i) => pointers[i] === String(k.id));
    const docs = await Promise.all(live.map((k) => this.document(k.id)));
    return docs.filter((d): d is CatalogueDocument => d !== undefined);
  }

  private async document(id: number): Promise<CatalogueDocument | undefined> {
    const cached = this.cache.get(id);
    if (cached) {
      this.cache.delete(id);
      this.cache.set(id, cached);
      return cached;
    }
    const [source, seq, title, author, z, breaks] = await this.redis.hmgetBuffer(
      docKey(id),
      'source',
      'seq',
      'title',
      'author',
      'z',
      'breaks',
    );
    // Removed since the pointer was read: this reply scans without it, as the next one will.
    if (!source || !seq || !z) return undefined;
    const text = inflateRawSync(z).toString('utf8');
    const scratch = new PassageIndex();
    scratch.addDocument(source.toString('utf8'), text);
    const doc: CatalogueDocument = {
      id,
      source: source.toString('utf8'),
      seq: Number(seq.toString()),
      title: title?.toString('utf8') ?? source.toString('utf8'),
      author: author && author.length > 0 ? author.toString('utf8') : undefined,
      text,
      breaks: breaks ? new Int32Array(new Uint8Array(breaks).buffer) : new Int32Array(0),
      record: scratch.serializeDocument(source.toString('utf8')),
    };
    this.remember(doc);
    return doc;
  }

  private remember(doc: CatalogueDocument): void {
    this.cache.set(doc.id, doc);
    this.cachedChars += doc.text.length;
    for (const [oldest, old] of this.cache) {
      if (this.cachedChars <= this.cacheChars || oldest === doc.id) break;
      this.cache.delete(oldest);
      this.cachedChars -= old.text.length;
    }
  }
}
