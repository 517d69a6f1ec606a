// Extension-page messages about the library: reload the index after a change in the store.
import { LibraryStoreError } from '../library/store/index';
import { isRecord } from '../shared/is-record';
import type { Handlers, PopupToBackground } from '../shared/messages';
import { err, ok, type Result } from '../shared/result';
import type { Matcher } from './matcher';

export type LibraryMessage = 'libraryChanged';

/** The handlers of {@link LibraryMessage}s, to spread into the page handlers. */
export type LibraryHandlers<Sender = unknown> = Pick<
  Handlers<PopupToBackground, Sender>,
  LibraryMessage
>;

const MAX_ADDED_IDS = 100_000;
const MAX_ID_CHARS = 1000;

function isLibraryChangedPayload(
  value: unknown,
): value is PopupToBackground['libraryChanged']['request'] {
  if (!isRecord(value)) return false;
  const added = value.added;
  return (
    added === undefined ||
    (Array.isArray(added) &&
      added.length <= MAX_ADDED_IDS &&
      added.every((id) => typeof id === 'string' && id.length <= MAX_ID_CHARS))
  );
}

function storeFailure<T>(e: unknown): Result<T> {
  if (e instanceof LibraryStoreError) return err(e.code, e.message);
  if (e instanceof Error && e.name === 'QuotaExceededError')
    return err(
      'quota',
      'There is not enough storage space. Free some disk space or remove documents, then try again.',
    );
  return err(
    'storage',
    `The library could not be read or written (${e instanceof Error ? e.message : String(e)}).`,
  );
}

export function createLibraryHandlers<Sender = unknown>(
  matcher: Pick<Matcher, 'reload' | 'mergeNow'>,
): LibraryHandlers<Sender> {
  return {
    async libraryChanged(payload) {
      if (!isLibraryChangedPayload(payload))
        return err('bad-payload', 'libraryChanged takes an object, with `added` a list of ids.');
      try {
        // `added` is accepted for older pages; the reload reads the pages' metadata whatever changed.
        await matcher.reload();
        // New documents are matched once their postings are in the pages: merge them now.
        await matcher.mergeNow();
        return ok(null);
      } catch (e) {
        return storeFailure(e);
      }
    },
  };
}
