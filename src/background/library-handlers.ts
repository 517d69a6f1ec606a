// Extension-page messages about the library: reload the index after a change in the store.
import { LibraryStoreError } from '../library/library-store';
import type { Handlers, PopupToBackground } from '../shared/messages';
import { isRecord } from '../shared/is-record';
import { err, ok, type Result } from '../shared/result';
import type { Matcher } from './matcher';

export type LibraryMessage = 'libraryChanged';

/** The handlers of {@link LibraryMessage}s, to spread into the page handlers. */
export type LibraryHandlers<Sender = unknown> = Pick<
  Handlers<PopupToBackground, Sender>,
  LibraryMessage
>;

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
  matcher: Pick<Matcher, 'reload'>,
): LibraryHandlers<Sender> {
  return {
    async libraryChanged(payload) {
      if (!isRecord(payload)) return err('bad-payload', 'libraryChanged takes an empty object.');
      try {
        await matcher.reload();
        return ok(null);
      } catch (e) {
        return storeFailure(e);
      }
    },
  };
}
