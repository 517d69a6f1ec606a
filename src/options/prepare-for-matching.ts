// The last step of an import in the options page: the new documents' postings go into the
// posting pages (library/store/posting-merge.ts) before the page says "Imported", so a reply is
// matched against them at once. A merge pass of another context (the background's) is waited for.
import { SLICES } from '../core/index';
import type { LibraryStore } from '../library/store/index';
import { describeError } from './describe-error';

/** While another context's merge holds the pages, ask again this often, for at most this long. */
const MERGE_RETRY_MS = 500;
const MAX_MERGE_WAIT_MS = 5 * 60_000;

/**
 * Merge passes until no document waits; `onProgress` gets each pass's share done, 0 to 1.
 * `records` are index records the import just wrote (by document id), which a pass need not read.
 * Resolves to a message for the user when a pass failed (the documents stay stored and the
 * background tries again later), else undefined.
 */
export async function prepareForMatching(
  store: Pick<LibraryStore, 'mergePostings'>,
  onProgress: (share: number) => void,
  records: ReadonlyMap<string, ArrayBuffer> = new Map(),
): Promise<string | undefined> {
  try {
    for (let waited = 0; waited < MAX_MERGE_WAIT_MS;) {
      const report = await store.mergePostings({
        onProgress: ({ slices }) => onProgress(slices / SLICES),
        records,
      });
      if (report.busy) {
        // The background is merging (an earlier change): wait for it, then merge the rest.
        await new Promise((resolve) => setTimeout(resolve, MERGE_RETRY_MS));
        waited += MERGE_RETRY_MS;
        continue;
      }
      if (report.remaining === 0 || report.merged === 0) return undefined;
    }
    // Still busy after minutes: the background merges what is left once it is free.
    return undefined;
  } catch (error) {
    return describeError(error, 'preparing the new documents for matching');
  }
}
